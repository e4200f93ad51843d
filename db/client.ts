import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";
import { foldForSearch } from "./search-fold";

export type AppDatabase = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The folder of committed migrations, found from this file so it works from any cwd. */
export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/**
 * Opens (creating if needed) the SQLite file with the pragmas the app relies on:
 * WAL so readers never block the writer, foreign keys enforced, a busy timeout so a second
 * process waits for the write lock instead of failing, and NORMAL sync (safe under WAL).
 */
export function openDatabase(filePath: string): AppDatabase {
  if (filePath !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
  const sqlite = new Database(filePath);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.function("search_fold", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? foldForSearch(value) : value,
  );
  return drizzle({ client: sqlite, schema });
}

/** Applies every committed migration not yet applied; safe to run at each start. */
export function migrateDatabase(db: AppDatabase, migrationsFolder = MIGRATIONS_FOLDER): void {
  migrate(db, { migrationsFolder });
}
