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

/** How the app's connections name themselves to the server (pg_stat_activity's application_name). */
export const APPLICATION_NAME = "brics-training";

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

/** node-postgres's wire connection: the parts of it a pipeline writes (as pg-cursor does). */
type WireConnection = {
  parsedStatements: Record<string, string>;
  parse(message: { text: string }): void;
  bind(message: { portal: string; values: unknown[] }): void;
  describe(message: { type: "P"; name: string }): void;
  execute(message: { portal: string }): void;
};

type QueryCallback = (error: Error | null, results?: pg.QueryResult | pg.QueryResult[]) => void;

// node-postgres's Query with what it does before sending declared (its own typings leave it out).
const WireQuery = pg.Query as unknown as new (
  config: object,
  values: unknown,
  callback: QueryCallback,
) => {
  prepare(connection: WireConnection): void;
};

/**
 * A statement sent in one round trip with statements held back before it, whose answers nobody
 * reads (a transaction's begin, the seat lock): each of those as an unnamed statement (parse,
 * bind, describe, execute), then the statement's own messages and one sync. The server runs
 * them one after another, each with a snapshot of its own: under READ COMMITTED a statement's
 * snapshot is taken when it starts, so the statement after the lock sees everything committed
 * while the lock was waited for. An error in any of them fails this query (the server skips the
 * rest up to the sync); its answer is the last statement's.
 */
class AfterHeldQuery extends WireQuery {
  constructor(
    private readonly held: string[],
    config: object,
    values: unknown,
    callback: QueryCallback,
  ) {
    super(config, values, callback);
  }

  override prepare(connection: WireConnection) {
    for (const text of this.held) {
      connection.parse({ text });
      connection.bind({ portal: "", values: [] });
      connection.describe({ type: "P", name: "" });
      connection.execute({ portal: "" });
    }
    super.prepare(connection);
  }
}

/**
 * node-postgres's client, naming every statement with values that drizzle sends after its text.
 * Unnamed, each statement is parsed and planned on every call: for the catalog's first page the
 * planning cost as much as running it. Named, a connection parses it once and PostgreSQL keeps
 * its plan (re-planned for each call's values for the first five, then generic unless that
 * costs more: its plan_cache_mode). Statements without values (begin, commit, the seat lock,
 * whose ids are written into its text) go unnamed: naming a text that holds its values would
 * prepare one statement per value. So do plain strings (the migrations, db:copy's) and
 * stream-like queries (pg-cursor's).
 *
 * Statements whose answer nobody reads are held back and sent with the next one
 * (docs/decisions/0021, 0022): a transaction's begin, and what `holdForNextStatement` is given
 * (the seat lock). Before a statement without values they go as one simple-protocol message
 * ("begin …; select … for no key update; commit"); before one with values as an `AfterHeldQuery`
 * when that statement is already parsed on this connection or goes unnamed. Otherwise (its
 * first run here, or a callback) they are sent on their own first, and the statement once they
 * have succeeded: a statement parsed in a pipeline that then failed would be taken for parsed.
 */
class NamingClient extends pg.Client {
  #named = new Set<string>();
  #held: string[] = [];

  /** Sends `text`, a statement without values whose answer is not read, with the next statement. */
  holdForNext(text: string): void {
    this.#held.push(text);
  }

  override query = ((config: unknown, ...rest: unknown[]) => {
    const send = (...args: unknown[]) => (super.query as (...a: unknown[]) => Promise<unknown>)(...args);
    let statement =
      typeof config === "object" && config !== null && "text" in config && !("submit" in config)
        ? (config as QueryConfig)
        : null;
    const callback = typeof rest.at(-1) === "function" ? (rest.at(-1) as (error: Error) => void) : null;
    const values = Array.isArray(rest[0]) ? rest[0] : statement?.values;
    const withoutValues = statement !== null && !statement.name && (values ?? []).length === 0 && !callback;
    if (withoutValues && this.#held.length === 0 && /^begin\b/i.test(statement!.text)) {
      this.#held.push(statement!.text);
      return Promise.resolve(BEGUN);
    }
    if (statement && !statement.name && (values ?? []).length > 0) {
      const name = statementName(statement.text);
      if (this.#named.has(name) || this.#named.size < NAMED_PER_CONNECTION) {
        this.#named.add(name);
        config = statement = { ...statement, name };
      }
    }
    if (this.#held.length === 0) return send(config, ...rest);
    const held = this.#held;
    this.#held = [];
    const last = (results: unknown) => (Array.isArray(results) ? results.at(-1) : results);
    if (withoutValues) return send({ ...statement, text: `${held.join("; ")}; ${statement!.text}` }).then(last);
    const wire = (this as unknown as { connection: WireConnection }).connection;
    if (statement && !callback && (!statement.name || wire.parsedStatements[statement.name] !== undefined))
      return new Promise((resolve, reject) =>
        send(
          new AfterHeldQuery(held, statement!, rest[0], (error, results) =>
            error ? reject(error) : resolve(last(results)),
          ),
        ),
      );
    return send(held.join("; ")).then(
      () => this.query(config as string, ...(rest as [])),
      (error: Error) => {
        if (!callback) throw error;
        callback(error);
      },
    );
  }) as pg.Client["query"];
}

/**
 * Sends `text` (a statement without values whose answer is not read: the seat lock) with the
 * next statement on `handle`'s connection, in its round trip. False where that cannot be (a
 * handle on no pooled connection of ours): the caller sends it itself.
 */
export function holdForNextStatement(handle: object, text: string): boolean {
  const connection = connectionOf(handle);
  if (!(connection instanceof NamingClient)) return false;
  connection.holdForNext(text);
  return true;
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
    application_name: APPLICATION_NAME,
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
