/**
 * npm run db:copy -- --to postgres://user:password@host/database [--from data/app.db]
 *
 * Moves an installation from SQLite to PostgreSQL: migrates the (empty) PostgreSQL database,
 * copies every table of the SQLite file (DATABASE_PATH unless --from is given) in the order
 * their references need, with progress, sets the id sequences past the copied ids, then checks
 * that every table holds as many rows as the file and that the statistics agree: the same
 * figures for every grouping and a few filters, computed by the app on each engine
 * (scripts/stats-digest.ts). Stop the app first: rows written meanwhile would not be copied.
 *
 * What the database derives is not copied but built again there: the catalog's search index
 * and the statistics change log. Triggers (search, attended days, the log) are off during the
 * copy, as the copied rows already hold what they would compute.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { createProgress } from "./progress";

const { values } = parseArgs({
  options: { to: { type: "string" }, from: { type: "string" } },
});
const target = values.to ?? "";
if (!/^postgres(ql)?:\/\//.test(target)) {
  console.error("Usage: npm run db:copy -- --to postgres://user:password@host:5432/database [--from data/app.db]");
  process.exit(2);
}
const sourceFile = path.resolve(values.from ?? process.env.DATABASE_PATH ?? "./data/app.db");
if (!fs.existsSync(sourceFile)) {
  console.error(`No SQLite database at ${sourceFile} (set DATABASE_PATH or pass --from).`);
  process.exit(2);
}
// The schema is built for the engine DATABASE_URL names, once, when it is first imported.
process.env.DATABASE_URL = target;
const { getTableConfig, PgTable } = await import("drizzle-orm/pg-core");
const { is } = await import("drizzle-orm");
const schema = await import("../db/schema");
const { migratePostgres } = await import("../db/postgres");

/** Derived by the database itself; built again after the copy. */
const DERIVED = new Set(["stats_changes", "stats_version"]);
const BATCH = 1_000;

type Table = ReturnType<typeof getTableConfig>;
// Typed as SQLite's tables (db/schema/dialect.ts); built as PostgreSQL's in this process.
const tables = (Object.values(schema) as unknown[])
  .filter((value): value is InstanceType<typeof PgTable> => is(value, PgTable))
  .map((table) => getTableConfig(table))
  .filter((config) => !DERIVED.has(config.name));

/** Tables in an order where every table comes after those it references. */
function inReferenceOrder(all: Table[]): Table[] {
  const byName = new Map(all.map((table) => [table.name, table]));
  const done = new Set<string>();
  const ordered: Table[] = [];
  const visit = (table: Table, path: string[]) => {
    if (done.has(table.name)) return;
    if (path.includes(table.name)) throw new Error(`Tables reference each other in a circle: ${path.join(" → ")}`);
    for (const key of table.foreignKeys) {
      const referenced = getTableConfig(key.reference().foreignTable).name;
      const parent = byName.get(referenced);
      if (parent && referenced !== table.name) visit(parent, [...path, table.name]);
    }
    done.add(table.name);
    ordered.push(table);
  };
  for (const table of all) visit(table, []);
  return ordered;
}

/** A value as SQLite stores it, as PostgreSQL's column takes it (docs: db/schema/dialect.ts). */
function converter(columnType: string): (value: unknown) => unknown {
  if (columnType === "PgTimestamp") return (value) => (value === null ? null : new Date(value as number));
  if (columnType === "PgBoolean") return (value) => (value === null ? null : value !== 0);
  // JSON text goes in as it is; bytea from a Buffer, integers and text unchanged.
  return (value) => value;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const progress = createProgress();
const sqlite = new Database(sourceFile, { readonly: true, fileMustExist: true });

console.error(`Copying ${sourceFile} into ${new URL(target).host}${new URL(target).pathname}`);
await migratePostgres(target, path.join(path.dirname(fileURLToPath(import.meta.url)), "../db/migrations-pg"));
const client = new pg.Client({ connectionString: target });
await client.connect();
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const ordered = inReferenceOrder(tables);
const counts = new Map<string, number>();
let failed = false;
try {
  for (const table of ordered) {
    const { rows } = await client.query<{ n: number }>(`select count(*) as n from ${quote(table.name)}`);
    if ((rows[0]?.n ?? 0) > 0) throw new Error(`${table.name} already holds rows: copy into an empty database.`);
  }
  await client.query("begin");
  for (const table of ordered) await client.query(`alter table ${quote(table.name)} disable trigger user`);
  for (const table of ordered) {
    const columns = table.columns.map((column) => ({ name: column.name, convert: converter(column.columnType) }));
    const total =
      (sqlite
        .prepare(`select count(*) from ${quote(table.name)}`)
        .pluck()
        .get() as number) ?? 0;
    counts.set(table.name, total);
    const names = columns.map((column) => quote(column.name)).join(", ");
    const read = sqlite.prepare(`select ${names} from ${quote(table.name)}`).raw();
    let batch: unknown[][] = [];
    let done = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const params: unknown[] = [];
      const tuples = batch.map((row) => {
        const slots = row.map((value, i) => {
          params.push(columns[i]!.convert(value));
          return `$${params.length}`;
        });
        return `(${slots.join(", ")})`;
      });
      await client.query(`insert into ${quote(table.name)} (${names}) values ${tuples.join(", ")}`, params);
      done += batch.length;
      batch = [];
      progress(`copying ${table.name}`, done, total);
    };
    progress(`copying ${table.name}`, 0, total);
    for (const row of read.iterate() as IterableIterator<unknown[]>) {
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    // Ids the database hands out next follow the copied ones.
    const identity = table.columns.find((column) => column.primary && column.columnType === "PgInteger");
    if (identity)
      await client.query(
        `select setval(pg_get_serial_sequence($1, $2), coalesce((select max(${quote(identity.name)}) from ${quote(table.name)}), 0) + 1, false)`,
        [table.name, identity.name],
      );
  }
  for (const table of ordered) await client.query(`alter table ${quote(table.name)} enable trigger user`);
  progress("building the search index", 0, 1);
  await client.query("delete from session_search");
  await client.query(
    "insert into session_search (session_id, body) select session_id, body from session_search_source",
  );
  progress("building the search index", 1, 1);
  // Every process reads all statistics afresh: the version moves and the log starts empty.
  await client.query("update stats_version set version = version + 1 where id = 1");
  await client.query("commit");
  // Autovacuum analyses a table only once enough of it has changed, and never one of fewer
  // than 50 rows: without this the planner guesses the small tables (institutions, programs)
  // at hundreds of rows and walks every future session for the catalog's first page.
  progress("analysing the tables for the planner", 0, 1);
  await client.query("analyze");
  progress("analysing the tables for the planner", 1, 1);
} catch (error) {
  failed = true;
  await client.query("rollback").catch(() => undefined);
  console.error(`\nNothing was copied: ${(error as Error).message}`);
} finally {
  sqlite.close();
}

if (!failed) {
  let mismatches = 0;
  for (const table of ordered) {
    const { rows } = await client.query<{ n: number }>(`select count(*) as n from ${quote(table.name)}`);
    const copied = rows[0]?.n ?? 0;
    if (copied !== counts.get(table.name)) {
      mismatches++;
      console.error(`${table.name}: ${counts.get(table.name)} rows in SQLite, ${copied} in PostgreSQL`);
    }
  }
  console.log(`Row counts: ${ordered.length - mismatches} of ${ordered.length} tables equal.`);
  const { DATABASE_URL: _url, ...withoutUrl } = process.env;
  const digest = (env: Record<string, string>) => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/stats-digest.ts"], {
      env: { ...withoutUrl, LOG_LEVEL: "warn", ...env },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`The statistics could not be computed: ${result.stderr}`);
    return result.stdout;
  };
  progress("comparing the statistics", 0, 2);
  const onSqlite = digest({ DATABASE_PATH: sourceFile });
  progress("comparing the statistics", 1, 2);
  const onPostgres = digest({ DATABASE_URL: target });
  progress("comparing the statistics", 2, 2);
  const sameStats = onSqlite === onPostgres;
  console.log(sameStats ? "Statistics: equal on both engines." : "Statistics: they differ between the engines.");
  if (mismatches > 0 || !sameStats) failed = true;
}
await client.end();
process.exit(failed ? 1 : 0);
