/**
 * npm run restore -- <file>
 * Puts a backup in place of DATABASE_PATH. Stop the server first: this refuses while any process
 * has the database open. The replaced file is kept beside it; the next `npm start` applies any
 * migration the backup lacks.
 */
import { restoreDatabase } from "../db/backup";
import { readEnv } from "../app/utils/env.server";

const backup = process.argv[2];
if (!backup) {
  console.error("Usage: npm run restore -- <backup file>   (replaces DATABASE_PATH; stop the server first)");
  process.exit(2);
}
const { DATABASE_PATH } = readEnv();
const result = restoreDatabase(backup, DATABASE_PATH);
if (!result.ok) {
  const messages = {
    "in-use": `${DATABASE_PATH} is in use: a server (or another program) has it open. Stop the server, then restore.`,
    "missing-backup": `There is no file ${backup}.`,
    "damaged-backup": `${backup} failed its check; nothing was changed:\n${result.problems?.join("\n") ?? ""}`,
  };
  console.error(messages[result.reason]);
  process.exit(1);
}
console.log(
  `Restored ${DATABASE_PATH} from ${backup}.` +
    (result.previousKeptAs ? ` The file it replaced is kept as ${result.previousKeptAs}.` : "") +
    " Start the server (npm start) to apply any newer migrations.",
);
