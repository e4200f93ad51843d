import fs from "node:fs";
import { hash } from "@node-rs/argon2";
import { migrateDatabase, openDatabase } from "../../db/client";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/seed-demo";
import { ARGON2_OPTIONS } from "../../app/utils/password-options";
import { EMPTY_BASE_DB, SEEDED_BASE_DB, SEEDED_BASE_SIZE, TEST_TMP_DIR } from "./paths";

/** Builds the two base databases once per run; each test file then works on its own copy. */
export default async function setup() {
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
}
