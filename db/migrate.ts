import path from "node:path";
import { MIGRATIONS_FOLDER, migrateDatabase, openDatabase } from "./client";
import { migratePostgres, PG_MIGRATIONS_FOLDER } from "./postgres";

type DatabaseEnv = { DATABASE_URL?: string; DATABASE_PATH: string };

/** Where the data is, for logs and messages: the file, or the PostgreSQL server and database (never its password). */
export function describeDatabase({ DATABASE_URL, DATABASE_PATH }: DatabaseEnv): string {
  if (!DATABASE_URL) return DATABASE_PATH;
  const { host, pathname } = new URL(DATABASE_URL);
  return `postgres://${host}${pathname}`;
}

/**
 * Applies the committed migrations of the engine the environment names: PostgreSQL's at
 * DATABASE_URL when it is set, SQLite's at DATABASE_PATH otherwise. The scripts and the server
 * (at start) both migrate here. `root` is the app's folder, for the server: bundled into
 * build/server.js, this module cannot find db/ from where it is. Returns describeDatabase.
 */
export async function migrateConfiguredDatabase(env: DatabaseEnv, root?: string): Promise<string> {
  if (env.DATABASE_URL) {
    // Several servers may start at once against one PostgreSQL: they migrate one at a time.
    await migratePostgres(env.DATABASE_URL, root ? path.join(root, "db/migrations-pg") : PG_MIGRATIONS_FOLDER);
  } else {
    const db = openDatabase(env.DATABASE_PATH);
    migrateDatabase(db, root ? path.join(root, "db/migrations") : MIGRATIONS_FOLDER);
    db.$client.close();
  }
  return describeDatabase(env);
}
