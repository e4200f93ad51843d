import type { RunResult } from "better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { openDatabase, type AppDatabase } from "../../db/client";
import type * as schema from "../../db/schema";
import { readEnv } from "./env.server";

/** The database. */
export type Db = AppDatabase;
/** A transaction on it, as drizzle hands one to a `transaction` callback. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/**
 * What a model function works on: the database, or the transaction its caller holds. (Both are
 * drizzle's SQLite database; on SQLite's one connection, statements on the database inside an
 * open `immediateTransaction` are part of it.)
 */
export type Handle = BaseSQLiteDatabase<"sync", RunResult, typeof schema>;

let database: AppDatabase | undefined;

/** The process's one database handle, opened on first use. Migrations run in server.ts, before any request. */
export function getDb(): AppDatabase {
  database ??= openDatabase(readEnv().DATABASE_PATH);
  return database;
}

/** Closes the handle (the server stopping); the last connection to close folds the WAL back into the file. */
export function closeDb(): void {
  database?.$client.close();
  database = undefined;
}

/**
 * Statements built once per database handle. Drizzle builds the SQL and SQLite compiles it on
 * every plain call, which costs more than running it; hot paths (every request, every
 * enrollment) use these with `sql.placeholder` parameters instead.
 */
export function preparedStatements<T>(build: (db: AppDatabase) => T): () => T {
  const cache = new WeakMap<AppDatabase, T>();
  return () => {
    const db = getDb();
    let statements = cache.get(db);
    if (!statements) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}

/**
 * The lock every seat decision is taken under: enrolling, leaving, removing, promoting, a new
 * capacity, a cancelled session, a deleted account, places added by an attendance import. The
 * seat ledger's deciding functions are called only inside it, on the `tx` it hands over. On
 * SQLite it is a `BEGIN IMMEDIATE` transaction: the write lock is held from the first read, so
 * no other connection or process can change the counts between a decision and its write; `work`
 * is synchronous, so no other request's statements run on the connection meanwhile.
 */
export function withSeatLock<T>(work: (tx: Tx) => T): T {
  return getDb().transaction(work, { behavior: "immediate" });
}

/**
 * Runs `work` in one `BEGIN IMMEDIATE` transaction: the write lock is taken before the first
 * read, so no other connection (or process) can change what `work` checks before it writes.
 * `work` must be synchronous and gets the handle to work on (on SQLite's one connection, the
 * database itself). (better-sqlite3's own transaction, with its compiled BEGIN/COMMIT.)
 */
export function immediateTransaction<T>(work: (db: Handle) => T): T {
  const db = getDb();
  return db.$client.transaction(() => work(db)).immediate();
}
