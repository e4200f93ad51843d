/**
 * The PostgreSQL engine (15 or later), chosen by DATABASE_URL=postgres://…: node-postgres with a
 * pool, drizzle on it with the tables the schema builds for PostgreSQL (db/schema/dialect.ts),
 * and the migrations in db/migrations-pg.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { ENGINE, type AppDatabase, type Engine, type Tx } from "./client";
import * as schema from "./schema";
import { SCHEMA_DIALECT } from "./schema/dialect";

export const PG_MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations-pg");

// int8 (count(*), sum(…) of integers) as a number: every count here is far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type PostgresOptions = { poolSize: number; onConnectionLost?: (error: Error) => void };

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
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 30_000 });
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
    await migrate(drizzle({ client, schema }), { migrationsFolder });
  } finally {
    await client.end();
  }
}
