import { execFileSync } from "node:child_process";
import fs from "node:fs";
import type { TestProject } from "vitest/node";
import { hash } from "@node-rs/argon2";
import { migrateDatabase, openDatabase } from "../../db/client";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/seed-demo";
import { ARGON2_OPTIONS } from "../../app/utils/password-options";
import { EMPTY_BASE_DB, SEEDED_BASE_DB, SEEDED_BASE_SIZE, TEST_TMP_DIR } from "./paths";
import { databaseUrl, onServer, POSTGRES_BASE, POSTGRES_TEST_PREFIX } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    /** The PostgreSQL server's URL, when the run is on PostgreSQL (TEST_ENGINE=postgresql). */
    postgresServer: string;
  }
}

/**
 * Builds the base databases once per run; each test file then works on its own copy. With
 * TEST_ENGINE=postgresql, also the PostgreSQL server's seeded base, copied from the SQLite one
 * with db:copy (which checks that the statistics agree on both engines as it goes).
 */
export default async function setup(project: TestProject) {
  fs.rmSync(TEST_TMP_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEST_TMP_DIR, { recursive: true });

  const empty = openDatabase(EMPTY_BASE_DB);
  migrateDatabase(empty);
  empty.$client.pragma("wal_checkpoint(TRUNCATE)");
  empty.$client.close();

  const seeded = openDatabase(SEEDED_BASE_DB);
  migrateDatabase(seeded);
  seedDemo(seeded, { ...SEEDED_BASE_SIZE, passwordHash: await hash(DEMO_PASSWORD, ARGON2_OPTIONS) });
  seeded.$client.pragma("wal_checkpoint(TRUNCATE)");
  seeded.$client.close();

  if (process.env.TEST_ENGINE !== "postgresql") return undefined;
  const server = execFileSync(process.execPath, ["scripts/ensure-postgres.mjs", "start"], { encoding: "utf8" }).trim();
  await dropTestDatabases(server, { base: true });
  await onServer(server, (client) => client.query(`create database ${POSTGRES_BASE}`));
  execFileSync(
    process.execPath,
    ["--import", "tsx", "scripts/db-copy.ts", "--to", databaseUrl(server, POSTGRES_BASE), "--from", SEEDED_BASE_DB],
    // Its progress only when it fails (execFileSync's error carries it).
    { stdio: "pipe", env: { ...process.env, LOG_LEVEL: "warn" } },
  );
  project.provide("postgresServer", server);
  return () => dropTestDatabases(server, { base: false });
}

/** Drops the databases earlier runs' test files left (and the base, when asked). */
async function dropTestDatabases(server: string, { base }: { base: boolean }) {
  await onServer(server, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "select datname as name from pg_database where datname like $1 or (datname = $2 and $3)",
      [`${POSTGRES_TEST_PREFIX}%`, POSTGRES_BASE, base],
    );
    for (const { name } of rows) await client.query(`drop database if exists ${name} with (force)`);
  });
}
