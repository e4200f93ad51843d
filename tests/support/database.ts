import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type Database from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import {
  openAppDatabase,
  openDatabase,
  writingConnection,
  type AppDatabase,
  type SqliteDatabase,
} from "../../db/client";
import { getDb } from "../../app/utils/db.server";
import { openPostgresDatabase } from "../../db/postgres";
import { SCHEMA_DIALECT } from "../../db/schema/dialect";
import { EMPTY_BASE_DB, TEST_TMP_DIR } from "./paths";

function copyOfEmptyBase(): string {
  const file = path.join(TEST_TMP_DIR, `empty-${randomUUID()}.db`);
  fs.copyFileSync(EMPTY_BASE_DB, file);
  return file;
}

/** A fresh file copied from the migrated, empty base, on one connection: for tests of the schema itself. */
export function createEmptyDatabase(): { db: SqliteDatabase; file: string } {
  const file = copyOfEmptyBase();
  return { db: openDatabase(file), file };
}

/** A fresh file copied from the migrated, empty base, opened as the app opens its database. */
export function createEmptyAppDatabase(): { db: AppDatabase; file: string } {
  const file = copyOfEmptyBase();
  return { db: openAppDatabase(file), file };
}

/**
 * The test file's database as plain SQL on its writing connection, for setting up rows and
 * reading them back. (Outside the app's transactions: tests run one statement at a time.)
 */
export function testSqlite(): Database.Database {
  return writingConnection(getDb());
}

/**
 * Runs one raw statement on the test file's PostgreSQL database and returns its rows: for what
 * no typed builder writes (triggers, catalog reads). The handle is typed as SQLite's
 * (docs/decisions/0018), so it is taken here as what it is on this engine, as
 * app/models/engine-sql/postgresql.server.ts takes it.
 */
export async function testPostgres<T>(query: SQL): Promise<T[]> {
  if (SCHEMA_DIALECT !== "postgresql") throw new Error("This needs the PostgreSQL engine.");
  const result = await (getDb() as unknown as NodePgDatabase).execute(query);
  return result.rows as T[];
}

/**
 * A handle of its own on this test file's database, opened as a restarted process opens it (on
 * the engine DATABASE_URL names); close it with closeAppDatabase.
 */
export function openFreshHandle(): AppDatabase {
  const url = process.env.DATABASE_URL;
  return url ? openPostgresDatabase(url, { poolSize: 2 }) : openAppDatabase(process.env.DATABASE_PATH ?? "");
}
