/**
 * The PostgreSQL engine (15 or later), chosen by DATABASE_URL=postgres://…: node-postgres with a
 * pool, drizzle on it with the tables the schema builds for PostgreSQL (db/schema/dialect.ts),
 * and the migrations in db/migrations-pg.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle, NodePgTransaction } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { ENGINE, type AppDatabase, type Engine, type Tx } from "./client";
import * as schema from "./schema";
import { SCHEMA_DIALECT } from "./schema/dialect";

export const PG_MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations-pg");

// int8 (count(*), sum(…) of integers) as a number: every count here is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type PostgresOptions = { poolSize: number; onConnectionLost?: (error: Error) => void };

/** Past this many on one connection, statements go unnamed: a bound on the server's memory. */
const NAMED_PER_CONNECTION = 500;
const statementNames = new Map<string, string>();

/** A name for a statement's text, the same in every process, so each connection prepares it once. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `s${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    // Texts are few (drizzle builds one per query shape); a bound all the same.
    if (statementNames.size >= 4 * NAMED_PER_CONNECTION) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/** What a held-back begin answers with (drizzle reads nothing of it). */
const BEGUN = { command: "BEGIN", rowCount: null, rows: [], fields: [] };

type QueryConfig = { text: string; name?: string; values?: unknown[] };

/**
 * node-postgres's client, naming every statement with values that drizzle sends after its text.
 * Unnamed, each statement is parsed and planned on every call: for the catalog's first page the
 * planning cost as much as running it. Named, a connection parses it once and PostgreSQL keeps
 * its plan (re-planned for each call's values for the first five, then generic unless that
 * costs more: its plan_cache_mode). Statements without values (begin, commit, the seat lock,
 * whose ids are written into its text) go unnamed, by the simple protocol: naming a text that
 * holds its values would prepare one statement per value. So do plain strings (the
 * migrations, db:copy's) and stream-like queries (pg-cursor's).
 *
 * A transaction's begin is held back and sent with its first statement when that one has no
 * values, in one simple-protocol message ("begin …; select … for no key update"): a seat
 * decision that knows its sessions (an enrollment) starts with one round trip instead of two
 * (docs/decisions/0021). Before any other first statement the begin is sent on its own, and
 * that statement only once the begin has succeeded, as without the holding back.
 */
class NamingClient extends pg.Client {
  #named = new Set<string>();
  #heldBegin: string | null = null;

  override query = ((config: unknown, ...rest: unknown[]) => {
    const send = (...args: unknown[]) => (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
    const statement =
      typeof config === "object" && config !== null && "text" in config && !("submit" in config)
        ? (config as QueryConfig)
        : null;
    const callback = typeof rest.at(-1) === "function" ? (rest.at(-1) as (error: Error) => void) : null;
    const values = Array.isArray(rest[0]) ? rest[0] : statement?.values;
    const withoutValues = statement !== null && !statement.name && (values ?? []).length === 0 && !callback;
    if (withoutValues && this.#heldBegin === null && /^begin\b/i.test(statement.text)) {
      this.#heldBegin = statement.text;
      return Promise.resolve(BEGUN);
    }
    if (this.#heldBegin !== null) {
      const begin = this.#heldBegin;
      this.#heldBegin = null;
      if (withoutValues)
        return send({ ...statement, text: `${begin}; ${statement.text}` }).then((results) =>
          Array.isArray(results) ? results.at(-1) : results,
        );
      return send(begin).then(
        () => this.query(config as string, ...(rest as [])),
        (error: Error) => {
          if (!callback) throw error;
          callback(error);
        },
      );
    }
    if (statement && !statement.name && (values ?? []).length > 0) {
      const name = statementName(statement.text);
      if (this.#named.has(name) || this.#named.size < NAMED_PER_CONNECTION) {
        this.#named.add(name);
        config = { ...statement, name };
      }
    }
    return send(config, ...rest);
  }) as pg.Client["query"];
}

function assertPostgresSchema() {
  if (SCHEMA_DIALECT !== "postgresql")
    throw new Error("The schema was built for SQLite: set DATABASE_URL before the first import of db/schema.");
}

/** Opens a pool on `url`. Connections are made when first needed and again after the server restarts. */
export function openPostgresDatabase(url: string, { poolSize, onConnectionLost }: PostgresOptions): AppDatabase {
  assertPostgresSchema();
  // How long a query waits for a connection: a new one to a server that does not answer, or a
  // pooled one while every one is busy. The second is normal under a burst (200 enrollments for
  // one session queue on its row lock, a few milliseconds each), so the wait is generous; a
  // server that is down refuses at once and does not wait for it.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 30_000,
    Client: NamingClient,
  });
  // A connection the server dropped (a restart, a failover) must not end the process. The pool
  // hears of it for an idle connection; one checked out (a transaction under way) reports it on
  // its own client, where an unheard 'error' event would crash the process: its query fails
  // with the same error, which the request answers as an error page. The pool then discards the
  // connection, and the next query opens another.
  pool.on("error", (error) => onConnectionLost?.(error));
  pool.on("connect", (client) => client.on("error", (error) => onConnectionLost?.(error)));
  const db = drizzle({ client: pool, schema });
  const engine: Engine = {
    dialect: "postgresql",
    transaction: (work) => db.transaction((tx) => work(tx as unknown as Tx), { isolationLevel: "read committed" }),
    close: () => pool.end(),
  };
  return Object.assign(db, { [ENGINE]: engine }) as unknown as AppDatabase;
}

/**
 * What a handle's statements run on: for a PostgreSQL transaction's handle the pool's
 * connection it holds (each transaction gets a handle of its own; its statements are sent as
 * `client.query` on that connection, and a statement built in one transaction runs the same in
 * the next on that connection); the handle itself otherwise (SQLite's, the pool's).
 */
export function connectionOf(handle: object): object {
  if (!(handle instanceof NodePgTransaction)) return handle;
  const { session } = handle as unknown as { session?: { client?: unknown } };
  return session?.client instanceof pg.Client ? session.client : handle;
}

/** Any number unique to this app's migrations: the advisory lock that lets one server migrate at a time. */
const MIGRATION_LOCK = 20_261_203;

/**
 * Applies every committed PostgreSQL migration not yet applied, on a connection of its own.
 * Servers starting together take turns (an advisory lock); the later ones find nothing to do.
 */
export async function migratePostgres(url: string, migrationsFolder = PG_MIGRATIONS_FOLDER): Promise<void> {
  assertPostgresSchema();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await requireSearchExtensions(client);
    await migrate(drizzle({ client, schema }), { migrationsFolder });
  } finally {
    await client.end();
  }
}

/** The extensions catalog search is built on (migration 0001): contrib modules, not always installed. */
const SEARCH_EXTENSIONS = ["pg_trgm", "unaccent"];

/**
 * Before any migration: the extensions catalog search needs are there, or can be made by this
 * role. PostgreSQL's own refusal, half way through the migrations, names neither the fix nor
 * why the app needs them; this one does, and nothing has been changed when it is given.
 */
async function requireSearchExtensions(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string; installed: boolean }>(
    "select name, installed_version is not null as installed from pg_available_extensions where name = any($1)",
    [SEARCH_EXTENSIONS],
  );
  const absent = SEARCH_EXTENSIONS.filter((name) => !rows.some((row) => row.name === name));
  if (absent.length > 0)
    throw new Error(
      `This PostgreSQL server has no ${absent.join(" or ")} extension, which catalog search needs. ` +
        "Install PostgreSQL's contrib modules (Debian's postgresql package has them; elsewhere the " +
        'postgresql-contrib package), then start again. See docs/operations.md, "PostgreSQL".',
    );
  const toCreate = rows.filter((row) => !row.installed).map((row) => row.name);
  if (toCreate.length === 0) return;
  const { rows: allowed } = await client.query<{ may: boolean; role: string; database: string }>(
    `select current_user as role, current_database() as database,
       has_database_privilege(current_database(), 'CREATE')
       or (select rolsuper from pg_roles where rolname = current_user) as may`,
  );
  const { may, role, database } = allowed[0] ?? { may: false, role: "?", database: "?" };
  if (!may)
    throw new Error(
      `The role ${role} may not create the extensions ${toCreate.join(" and ")} in the database ` +
        `${database}, which catalog search needs. A superuser can run ` +
        `${toCreate.map((name) => `"create extension ${name};"`).join(" and ")} there, or grant ` +
        `${role} CREATE on the database (its migrations need it too), then start again. ` +
        'See docs/operations.md, "PostgreSQL".',
    );
}
