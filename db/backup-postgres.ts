/**
 * Backups and restores on PostgreSQL, for `npm run backup` and `npm run restore` when
 * DATABASE_URL names a server (db/backup.ts does the same for the SQLite file). A backup is
 * `pg_dump --format=custom`: one consistent snapshot, taken while the app servers keep serving,
 * then checked by reading it back whole with `pg_restore`. A restore replaces the database in
 * one transaction (all of it or nothing), only while no other connection uses it, and keeps a
 * dump of what it replaced beside the backup.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { startBackupFile, type FileCheck, type RestoreResult } from "./backup";
import { APPLICATION_NAME } from "./postgres";

/** Everything a dump of the app holds, dropped before the backup's copy is loaded. */
const DROP_APP_SCHEMAS = "drop schema if exists drizzle cascade; drop schema public cascade; create schema public;";

/** A restore's answer; refused for a database in use, with the connections that use it. */
export type PostgresRestoreResult =
  | Exclude<RestoreResult, { ok: false; reason: "in-use" | "missing-backup" }>
  | { ok: false; reason: "missing-backup" }
  | { ok: false; reason: "in-use"; connections: string[] };

/**
 * The address without its password, and the password for the PGPASSWORD variable: a password on
 * a command line is readable by every user of the machine (`ps`), the environment is not.
 */
function clientArguments(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const address = new URL(url);
  const password = decodeURIComponent(address.password);
  address.password = "";
  return {
    dbname: address.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}), PGCONNECT_TIMEOUT: "10" },
  };
}

type Run = { status: number; stdout: string; stderr: string };

/** Runs a PostgreSQL client program, handing each line it writes to stderr to `onLine`. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv, onLine?: (line: string) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        stderr += line + "\n";
        onLine?.(line);
      }
    });
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new Error(`${program} is not installed: install PostgreSQL's client programs (Debian: postgresql-client).`)
          : error,
      ),
    );
    child.on("close", (status) => resolve({ status: status ?? 1, stdout, stderr: stderr + partial }));
  });
}

/** What a program said went wrong, without the progress lines of --verbose. */
function complaint(result: Run): string {
  return result.stderr
    .split("\n")
    .filter((line) => /\b(error|detail|hint|warning):\s/i.test(line))
    .join("\n");
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: `${APPLICATION_NAME} backup` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The tables a dump holds the rows of: the app's and the migrations' record. */
async function tableCount(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ count: string }>(
      "select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')",
    );
    return Number(rows[0]?.count ?? 0);
  });
}

/**
 * Dumps the database at `url` into the new file `target`, reporting each table as its rows are
 * written, then checks the file. A failed dump leaves no file under the target's name.
 */
export async function backupPostgres(
  url: string,
  target: string,
  onProgress: (tablesDone: number, tables: number) => void = () => {},
): Promise<{ tables: number; bytes: number }> {
  const tables = await tableCount(url);
  const partial = startBackupFile(target);
  const { dbname, env } = clientArguments(url);
  let done = 0;
  const dump = await run(
    "pg_dump",
    ["--format=custom", "--verbose", "--no-password", `--file=${partial}`, `--dbname=${dbname}`],
    env,
    (line) => {
      if (/dumping contents of table/.test(line)) onProgress(Math.min(++done, tables), tables);
    },
  );
  if (dump.status !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(complaint(dump) || `pg_dump stopped with status ${dump.status}.`);
  }
  const check = await checkPostgresDump(partial);
  if (!check.ok) {
    fs.rmSync(partial, { force: true });
    throw new Error(`the dump failed its check: ${check.problems.join("; ")}`);
  }
  if (done < tables) onProgress(tables, tables);
  // Named only when complete: a file under the target name is always a whole backup.
  fs.renameSync(partial, target);
  return { tables, bytes: fs.statSync(target).size };
}

/**
 * Reads a dump back whole (`pg_restore` writing its SQL to nowhere), as a restore would: a file
 * it cannot read to the end, or that holds no table's rows, is no backup.
 */
export async function checkPostgresDump(file: string): Promise<FileCheck> {
  const list = await run("pg_restore", ["--list", file], process.env);
  const whole = list.status === 0 ? await run("pg_restore", ["--file=/dev/null", file], process.env) : list;
  if (whole.status !== 0)
    return {
      ok: false,
      problems: [`not a readable pg_dump archive (${complaint(whole) || `status ${whole.status}`})`],
    };
  if (!/ TABLE DATA /.test(list.stdout)) return { ok: false, problems: ["the archive holds no table's rows"] };
  return { ok: true };
}

/** Other connections to the database at `url` (app servers, a psql), by their application name. */
export async function otherConnections(url: string): Promise<string[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "select coalesce(nullif(application_name, ''), 'unnamed') as name from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    return rows.map((row) => row.name);
  });
}

/**
 * Replaces the database at `url` with a backup, in one transaction: refused while any other
 * connection uses it, or when the backup fails its check. A dump of the database as it was is
 * kept beside the backup first. Migrations the backup lacks are applied at the next start.
 */
export async function restorePostgres(backup: string, url: string, now = new Date()): Promise<PostgresRestoreResult> {
  if (!fs.existsSync(backup)) return { ok: false, reason: "missing-backup" };
  const check = await checkPostgresDump(backup);
  if (!check.ok) return { ok: false, reason: "damaged-backup", problems: check.problems };
  const connections = await otherConnections(url);
  if (connections.length > 0) return { ok: false, reason: "in-use", connections };

  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const previousKeptAs = path.join(
    path.dirname(path.resolve(backup)),
    `${database}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}.dump`,
  );
  await backupPostgres(url, previousKeptAs);
  const { dbname, env } = clientArguments(url);
  // The backup as SQL, written out whole before anything changes, then loaded by psql after
  // dropping the app's schemas, in one transaction: tables a later migration added go too, so
  // the next start migrates from the backup's own record, and any error rolls all of it back.
  const script = `${previousKeptAs}.restoring.sql`;
  try {
    fs.writeFileSync(script, "", { mode: 0o600 });
    const written = await run("pg_restore", ["--no-owner", `--file=${script}`, backup], env);
    if (written.status !== 0)
      throw new Error(`pg_restore could not read the backup whole; the database is as it was:\n${complaint(written)}`);
    const loaded = await run(
      "psql",
      [
        "--no-psqlrc",
        "--quiet",
        "--no-password",
        "--set=ON_ERROR_STOP=1",
        "--single-transaction",
        `--command=${DROP_APP_SCHEMAS}`,
        `--file=${script}`,
        `--dbname=${dbname}`,
      ],
      // The drops' and the script's notices ("drop cascades to …") are no news.
      { ...env, PGOPTIONS: "-c client_min_messages=warning" },
    );
    if (loaded.status !== 0)
      throw new Error(
        `The backup could not be restored; the database is as it was:\n${complaint(loaded) || loaded.stderr.trim()}`,
      );
  } finally {
    fs.rmSync(script, { force: true });
  }
  return { ok: true, previousKeptAs };
}
