/**
 * npm run backup -- <file>
 * An online backup while the servers keep serving, then checked on its own; exit 0 only for a
 * whole, checked backup. On SQLite (DATABASE_PATH): the online backup API into a new file, then
 * its integrity_check and foreign_key_check. On PostgreSQL (DATABASE_URL): pg_dump's custom
 * format into a new file, then read back whole with pg_restore.
 */
import { backupDatabase, checkDatabaseFile } from "../db/backup";
import { readEnv } from "../app/utils/env.server";
import { createProgress } from "./progress";

const target = process.argv[2];
if (!target) {
  console.error("Usage: npm run backup -- <file>   (a new file; the database is DATABASE_URL, or else DATABASE_PATH)");
  process.exit(2);
}
const { DATABASE_PATH, DATABASE_URL } = readEnv();
const progress = createProgress();
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
try {
  if (DATABASE_URL) {
    const { backupPostgres } = await import("../db/backup-postgres");
    const { tables, bytes } = await backupPostgres(DATABASE_URL, target, (done, total) =>
      progress("dumping tables", done, total),
    );
    const database = new URL(DATABASE_URL);
    console.log(
      `Backed up the database ${database.pathname.slice(1)} on ${database.host} to ${target}: ${tables} tables, ` +
        `${megabytes(bytes)}; pg_restore reads it whole. Restore it with npm run restore -- ${target}`,
    );
  } else {
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
        `${megabytes(bytes)}; integrity_check ok, foreign_key_check empty.`,
    );
  }
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
