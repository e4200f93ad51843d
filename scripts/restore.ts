/**
 * npm run restore -- <file>
 * Puts a backup (from npm run backup) in place of the database. Stop the servers first: this
 * refuses while any other process uses the database. What it replaces is kept beside it (the
 * SQLite file renamed; on PostgreSQL a dump next to the backup); the next `npm start` applies
 * any migration the backup lacks.
 */
import { restoreDatabase, type RestoreResult } from "../db/backup";
import type { PostgresRestoreResult } from "../db/backup-postgres";
import { readEnv } from "../app/utils/env.server";

const backup = process.argv[2];
if (!backup) {
  console.error(
    "Usage: npm run restore -- <backup file>   (replaces the database of DATABASE_URL, or else DATABASE_PATH; stop the servers first)",
  );
  process.exit(2);
}
const { DATABASE_PATH, DATABASE_URL } = readEnv();
const database = DATABASE_URL ? `the database ${new URL(DATABASE_URL).pathname.slice(1)}` : DATABASE_PATH;
try {
  const result = DATABASE_URL
    ? await (await import("../db/backup-postgres")).restorePostgres(backup, DATABASE_URL)
    : restoreDatabase(backup, DATABASE_PATH);
  if (!result.ok) {
    console.error(refusal(result));
    process.exit(1);
  }
  console.log(
    `Restored ${database} from ${backup}.` +
      (result.previousKeptAs ? ` What it replaced is kept as ${result.previousKeptAs}.` : "") +
      " Start the server (npm start) to apply any newer migrations.",
  );
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

function refusal(result: Exclude<RestoreResult | PostgresRestoreResult, { ok: true }>): string {
  switch (result.reason) {
    case "in-use": {
      const inUse = `${database.charAt(0).toUpperCase()}${database.slice(1)} is in use`;
      if (!("connections" in result))
        return `${inUse}: a server (or another program) has it open. Stop the servers, then restore.`;
      const count = result.connections.length;
      const names = [...new Set(result.connections)].join(", ");
      return `${inUse} (${count} connection${count === 1 ? "" : "s"}: ${names}). Stop the servers, then restore.`;
    }
    case "missing-backup":
      return `There is no file ${backup}.`;
    case "damaged-backup":
      return `${backup} failed its check; nothing was changed:\n${result.problems.join("\n")}`;
  }
}
