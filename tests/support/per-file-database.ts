import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { SEEDED_BASE_DB, TEST_TMP_DIR } from "./paths";
import { createTestDatabase } from "./postgres";

// Every test file gets its own copy of the seeded base, so files can run in parallel
// and write freely. The app's db handle opens DATABASE_PATH on first use.
const file = path.join(TEST_TMP_DIR, `test-${randomUUID()}.db`);
fs.copyFileSync(SEEDED_BASE_DB, file);
process.env.DATABASE_PATH = file;

// On PostgreSQL (TEST_ENGINE=postgresql), a database of its own made from the seeded base; the
// schema is built for the engine DATABASE_URL names when first imported, after this file runs.
if (process.env.TEST_ENGINE === "postgresql")
  process.env.DATABASE_URL = await createTestDatabase(inject("postgresServer"));
