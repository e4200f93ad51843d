import { migrateDatabase, openDatabase } from "./client";
import { migratePostgres } from "./postgres";

/**
 * Applies the committed migrations of the engine the environment names: PostgreSQL's at
 * DATABASE_URL when it is set, SQLite's at DATABASE_PATH otherwise. For scripts; the server
 * migrates at start (server.ts).
 */
export async function migrateConfiguredDatabase({
  DATABASE_URL,
  DATABASE_PATH,
}: {
  DATABASE_URL?: string;
  DATABASE_PATH: string;
}): Promise<string> {
  if (DATABASE_URL) {
    await migratePostgres(DATABASE_URL);
    const { host, pathname } = new URL(DATABASE_URL);
    return `postgres://${host}${pathname}`;
  }
  const db = openDatabase(DATABASE_PATH);
  migrateDatabase(db);
  db.$client.close();
  return DATABASE_PATH;
}
