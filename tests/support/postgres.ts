/**
 * The test suite's PostgreSQL: the throwaway server scripts/ensure-postgres.mjs starts (or
 * TEST_DATABASE_URL's), a migrated and seeded base database built once per run, and a database
 * of its own for each test file, made from the base as a template (a file copy: some 100 ms).
 */
import { randomUUID } from "node:crypto";
import pg from "pg";

/** The seeded base, copied from the SQLite seeded base by db:copy. */
export const POSTGRES_BASE = "test_base_seeded";
/** Every database a test file makes starts with this, so the run's end can drop them all. */
export const POSTGRES_TEST_PREFIX = "test_file_";

/** The URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs statements on the server's maintenance database. */
export async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, "postgres") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new database copied from the seeded base; its URL. */
export async function createTestDatabase(serverUrl: string): Promise<string> {
  const name = `${POSTGRES_TEST_PREFIX}${randomUUID().replace(/-/g, "")}`;
  await onServer(serverUrl, async (client) => {
    // Two files starting together may copy the template at the same moment: PostgreSQL refuses
    // the second while the first reads it, so it tries again shortly.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`create database ${name} template ${POSTGRES_BASE}`);
        return;
      } catch (error) {
        if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  });
  return databaseUrl(serverUrl, name);
}
