/**
 * The app's handle on its database, and the two ways to change data: a transaction, and the seat
 * lock every seat decision is taken under. Model functions never open the database themselves:
 * they take the handle they work on (`Db` to read or to open a transaction, `Tx` inside one,
 * `Handle` for a read that may run in either), and only routes, the server and scripts call
 * `getDb()`. (A lint rule on app/models enforces it.)
 */
import { Param, sql, type Column, type SQL } from "drizzle-orm";
import {
  closeAppDatabase,
  openAppDatabase,
  transaction as engineTransaction,
  type AppDatabase,
  type Handle,
  type Tx,
} from "../../db/client";
import { connectionOf, openPostgresDatabase } from "../../db/postgres";
import { engineSql } from "../models/engine-sql/index.server";
import { readEnv } from "./env.server";
import { log } from "./log.server";

/** The database: reads, and the transactions that change it. */
export type Db = AppDatabase;
export type { Handle, Tx };

let database: Db | undefined;

/**
 * The process's database, opened on first use: PostgreSQL when DATABASE_URL is set, SQLite at
 * DATABASE_PATH otherwise. Migrations run in server.ts, before any request.
 */
export function getDb(): Db {
  database ??= openDatabaseFromEnv();
  return database;
}

function openDatabaseFromEnv(): Db {
  const env = readEnv();
  if (!env.DATABASE_URL) return openAppDatabase(env.DATABASE_PATH);
  return openPostgresDatabase(env.DATABASE_URL, {
    poolSize: env.DATABASE_POOL_SIZE,
    // The message only: node-postgres hangs the whole client (its parameters too) on the error.
    onConnectionLost: (error) =>
      log.warn({ reason: error.message }, "a database connection was lost; the pool opens another"),
  });
}

/** Closes the database (the server stopping); the next `getDb()` opens it again. */
export async function closeDb(): Promise<void> {
  const closing = database;
  database = undefined;
  if (closing) await closeAppDatabase(closing);
}

/**
 * Runs `work` in one transaction that takes the write lock before its first read, so nothing
 * `work` checks can change before it writes; commits when it returns, rolls back when it throws.
 * `work` waits only for its own statements: never mail, files or the network.
 */
export function transaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return engineTransaction(db, work);
}

/** The sessions whose seats a decision changes, or how to find them on the transaction's handle. */
export type SeatsToLock = number[] | ((tx: Tx) => Promise<number[]>);

/**
 * The lock every seat decision is taken under: enrolling, leaving, removing, promoting, a new
 * capacity, a cancelled session, a deleted account, places added by an attendance import. The
 * seat ledger's deciding functions are called only inside it, on the `tx` it hands over. On
 * SQLite the immediate transaction above is the lock: the file's one write lock, held from the
 * first read, covers every session's seats. On PostgreSQL the sessions' rows are locked first,
 * in id order (engine-sql: `lockSeats`); `work` then reads what it decides on (docs/decisions/0018).
 */
export function withSeatLock<T>(db: Db, sessions: SeatsToLock, work: (tx: Tx) => Promise<T>): Promise<T> {
  return transaction(db, async (tx) => {
    await engineSql.lockSeats(tx, typeof sessions === "function" ? await sessions(tx) : sessions);
    return work(tx);
  });
}

/** A placeholder whose value is stored as `column` stores it (a Date into a timestamp, on either engine). */
export function placeholderFor(name: string, column: Column): SQL {
  return sql`${new Param(sql.placeholder(name), column)}`;
}

/**
 * Statements built once per connection. Drizzle builds the SQL and SQLite compiles it on every
 * plain call, which costs more than running it; hot paths (every request, every enrollment) use
 * these with `sql.placeholder` parameters instead. `build` gets the handle they will run on. On
 * PostgreSQL each transaction has a handle of its own on one of the pool's connections: the
 * statements are kept for the connection, so a transaction uses those its connection's
 * earlier transactions built (building them was a sixth of an enrollment's time).
 */
export function preparedStatements<H extends Handle | Tx, T>(build: (handle: H) => T): (handle: H) => T {
  const cache = new WeakMap<object, T>();
  return (handle) => {
    const connection = connectionOf(handle);
    let statements = cache.get(connection);
    if (!statements) {
      statements = build(handle);
      cache.set(connection, statements);
    }
    return statements;
  };
}
