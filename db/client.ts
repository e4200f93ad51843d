import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import type { RunResult } from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "./schema";
import type { SchemaDialect } from "./schema/dialect";
import { foldForSearch } from "./search-fold";

/** Drizzle on one SQLite connection, with every method: what scripts that run alone (migrate, seed, backup) use. */
export type SqliteDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The methods that change data. Only a transaction's handle has them. */
type WriteMethod = "insert" | "update" | "delete" | "run" | "transaction";

/** A transaction's handle: reads and writes, all inside the one transaction that handed it over. */
export type Tx = Omit<BaseSQLiteDatabase<"sync", RunResult, typeof schema>, "transaction">;

/** What a read works on: the database, or the transaction its caller holds (both have these methods). */
export type Handle = Omit<BaseSQLiteDatabase<"sync", RunResult, typeof schema>, WriteMethod>;

/**
 * The app's database, on either engine. On SQLite: reads on their own connection, which never
 * sees another request's uncommitted work; writes only through `transaction`, on a second
 * connection, one transaction at a time within the process. On PostgreSQL (db/postgres.ts): a
 * pool, a connection per statement or transaction. Typed as SQLite's drizzle database, which the
 * models are written against (docs/decisions/0018).
 */
export type AppDatabase = Omit<SqliteDatabase, WriteMethod> & { readonly [ENGINE]: Engine };

/** What differs between the engines behind an AppDatabase. */
export interface Engine {
  readonly dialect: SchemaDialect;
  /** Runs `work` in one transaction that takes its locks before its first read; see `transaction`. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const ENGINE = Symbol("engine");

interface SqliteEngine extends Engine {
  readonly dialect: "sqlite";
  readonly writer: SqliteDatabase;
}

/** The folder of committed migrations, found from this file so it works from any cwd. */
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens (creating if needed) one connection to the SQLite file with the pragmas the app relies
 * on: WAL so readers never block the writer, foreign keys enforced, a busy timeout so a second
 * process waits for the write lock instead of failing, and NORMAL sync (safe under WAL).
 */
export function openDatabase(filePath: string, { readOnly = false } = {}): SqliteDatabase {
  if (filePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const sqlite = new Database(filePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  // A write on the reading connection would wait for the write lock synchronously, while the
  // transaction holding it waits for the event loop: refused outright instead.
  if (readOnly) sqlite.pragma("query_only = ON");
  sqlite.function("search_fold", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? foldForSearch(value) : value,
  );
  return drizzle({ client: sqlite, schema });
}

/** Opens the app's SQLite database on `filePath`: a reading connection and a writing one. */
export function openAppDatabase(filePath: string): AppDatabase {
  if (filePath === ":memory:") throw new Error("The app's database needs a file: its two connections must share it.");
  const writer = openDatabase(filePath);
  const queue = new TransactionQueue();
  const reader = openDatabase(filePath, { readOnly: true });
  const engine: SqliteEngine = {
    dialect: "sqlite",
    writer,
    transaction: (work) => queue.run(() => runImmediate(writer, work)),
    async close() {
      reader.$client.close();
      writer.$client.close();
    },
  };
  return Object.assign(reader, { [ENGINE]: engine });
}

/** Closes the database's connections; on SQLite the last to close folds the WAL back into the file. */
export function closeAppDatabase(db: AppDatabase): Promise<void> {
  return db[ENGINE].close();
}

function sqliteEngine(db: AppDatabase): SqliteEngine {
  const engine = db[ENGINE];
  if (engine.dialect !== "sqlite") throw new Error("This needs the SQLite engine.");
  return engine as SqliteEngine;
}

/** The writing connection itself, for tests and scripts that set up rows with plain SQL. */
export function writingConnection(db: AppDatabase): Database.Database {
  return sqliteEngine(db).writer.$client;
}

/** Applies every committed migration not yet applied; safe to run at each start. */
export function migrateDatabase(db: SqliteDatabase, migrationsFolder = MIGRATIONS_FOLDER): void {
  migrate(db, { migrationsFolder });
}

const openTransaction = new AsyncLocalStorage<AppDatabase>();

/**
 * Runs `work` in one transaction and commits it, or rolls it back when `work` throws. On SQLite:
 * `BEGIN IMMEDIATE` on the writing connection, so the write lock is taken before the first read
 * and no other process can change what `work` checks before it writes; within the process,
 * transactions wait their turn, so that while `work` awaits no other request's statements run on
 * the writing connection and become part of this transaction. On PostgreSQL: READ COMMITTED on a
 * pooled connection; what must not change is locked by `work` (the seat lock). `work` must not
 * wait for anything but its own statements (no mail, no network): it holds locks meanwhile.
 */
export function transaction<T>(db: AppDatabase, work: (tx: Tx) => Promise<T>): Promise<T> {
  // A transaction opened inside another would wait for it forever: a programming error.
  if (openTransaction.getStore() === db)
    return Promise.reject(new Error("A transaction was opened inside another one; pass its handle instead."));
  return db[ENGINE].transaction((tx) => openTransaction.run(db, () => work(tx)));
}

/**
 * The SQLite transaction without waiting for its turn: what `transaction` would be without the
 * queue. Only the test that shows why the queue exists calls it.
 */
export function unqueuedTransactionForTests<T>(db: AppDatabase, work: (tx: Tx) => Promise<T>): Promise<T> {
  return runImmediate(sqliteEngine(db).writer, work);
}

async function runImmediate<T>(db: SqliteDatabase, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = db.$client;
  client.prepare("begin immediate").run();
  try {
    const result = await work(db);
    client.prepare("commit").run();
    return result;
  } catch (error) {
    if (client.inTransaction) client.prepare("rollback").run();
    throw error;
  }
}

/** One transaction at a time, in the order they were asked for. */
class TransactionQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(work);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
