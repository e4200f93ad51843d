/**
 * Backups and restores of the database file, for `npm run backup` and `npm run restore`.
 * A backup is SQLite's online backup API (pages copied while the server keeps serving), then
 * checked on its own. A restore never runs under a live server: it would swap the file out from
 * under open connections.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export type FileCheck = { ok: true } | { ok: false; problems: string[] };

/** integrity_check and foreign_key_check on a database file, opened read-only. */
export function checkDatabaseFile(file: string): FileCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma("schema_version");
  } catch (error) {
    db.close();
    return { ok: false, problems: [`not a readable SQLite database (${(error as Error).message})`] };
  }
  try {
    const integrity = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
    const problems = integrity.map((row) => row.integrity_check).filter((line) => line !== "ok");
    const orphans = db.pragma("foreign_key_check") as { table: string; rowid: number; parent: string }[];
    for (const orphan of orphans)
      problems.push(`row ${orphan.rowid} of ${orphan.table} points at a missing row of ${orphan.parent}`);
    return problems.length === 0 ? { ok: true } : { ok: false, problems };
  } finally {
    db.close();
  }
}

/**
 * Copies the live database into `target` (which must not exist yet) while other processes go on
 * reading and writing. The copy is one consistent moment: this connection holds a read
 * transaction for the whole copy, so the backup never restarts when the server writes meanwhile.
 */
/**
 * Where a backup into the new file `target` is written until it is whole: `target.partial`,
 * empty and readable by its owner alone (a backup holds every trainee's personal data; SQLite
 * and pg_dump both write into the file as they find it). Refuses a target that exists.
 */
export function startBackupFile(target: string): string {
  if (fs.existsSync(target)) throw new Error(`${target} already exists; give a new file name.`);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, "", { mode: 0o600 });
  return partial;
}

export async function backupDatabase(
  source: string,
  target: string,
  onProgress: (copiedPages: number, totalPages: number) => void = () => {},
): Promise<{ pages: number; bytes: number }> {
  const partial = startBackupFile(target);
  const db = new Database(source, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    db.exec("BEGIN");
    db.prepare("select count(*) from sqlite_schema").get();
    const result = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress(totalPages - remainingPages, totalPages);
        return 2_000;
      },
    });
    db.exec("COMMIT");
    onProgress(result.totalPages, result.totalPages);
    // The copy is named only when complete: a file under the target name is always a whole backup.
    fs.renameSync(partial, target);
    return { pages: result.totalPages, bytes: fs.statSync(target).size };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

/**
 * True when some process (a server, a backup, a shell) has the database open and has used it.
 * Every connection to a WAL database holds a shared lock on its file; an exclusive lock can be
 * had only when nobody else has one.
 */
export function isDatabaseInUse(file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const probe = new Database(file, { fileMustExist: true, timeout: 0 });
  try {
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("COMMIT");
    return false;
  } catch (error) {
    if (error instanceof Database.SqliteError && error.code.startsWith("SQLITE_BUSY")) return true;
    throw error;
  } finally {
    probe.close();
  }
}

export type RestoreResult =
  | { ok: true; previousKeptAs: string | null }
  | { ok: false; reason: "in-use" | "missing-backup" }
  | { ok: false; reason: "damaged-backup"; problems: string[] };

/**
 * Puts a backup in place of the database file. Refuses when the database is open elsewhere or
 * the backup fails its checks. The file it replaces is kept beside it, renamed, until the
 * operator deletes it. Migrations the backup lacks are applied by the server at its next start.
 */
export function restoreDatabase(backup: string, target: string, now = new Date()): RestoreResult {
  if (!fs.existsSync(backup)) return { ok: false, reason: "missing-backup" };
  if (isDatabaseInUse(target)) return { ok: false, reason: "in-use" };
  const check = checkDatabaseFile(backup);
  if (!check.ok) return { ok: false, reason: "damaged-backup", problems: check.problems };

  const incoming = `${target}.restoring`;
  fs.copyFileSync(backup, incoming);
  const handle = fs.openSync(incoming, "r");
  fs.fsyncSync(handle);
  fs.closeSync(handle);

  let previousKeptAs: string | null = null;
  if (fs.existsSync(target)) {
    // Fold the current file's write-ahead log into it, so the kept copy is whole on its own.
    const current = new Database(target, { fileMustExist: true, timeout: 0 });
    current.pragma("wal_checkpoint(TRUNCATE)");
    current.close();
    previousKeptAs = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    fs.renameSync(target, previousKeptAs);
  }
  for (const suffix of ["-wal", "-shm"]) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(incoming, target);
  return { ok: true, previousKeptAs };
}
