/**
 * npm run backup -- <file>
 * An online backup of DATABASE_PATH into a new file while the server keeps serving, then the
 * copy's integrity_check and foreign_key_check. Exit 0 only for a whole, checked backup.
 */
import { backupDatabase, checkDatabaseFile } from "../db/backup";
import { readEnv } from "../app/utils/env.server";
import { createProgress } from "./progress";

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run backup -- <file>   (a new file; the database is DATABASE_PATH)");
  process.exit(2);
}
const { DATABASE_PATH } = readEnv();
const progress = createProgress();
try {
  const { pages, bytes } = await backupDatabase(DATABASE_PATH, target, (done, total) =>
    progress("copying pages", done, total),
  );
  const check = checkDatabaseFile(target);
  if (!check.ok) {
    console.error(`The backup in ${target} failed its check:\n${check.problems.join("\n")}`);
    process.exit(1);
  }
  console.log(
    `Backed up ${DATABASE_PATH} to ${target}: ${pages.toLocaleString("en")} pages, ` +
      `${(bytes / 1024 / 1024).toFixed(1)} MB; integrity_check ok, foreign_key_check empty.`,
  );
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
