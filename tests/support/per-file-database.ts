import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { SEEDED_BASE_DB, TEST_TMP_DIR } from "./paths";

// Every test file gets its own copy of the seeded base, so files can run in parallel
// and write freely. The app's db handle opens DATABASE_PATH on first use.
const file = path.join(TEST_TMP_DIR, `test-${randomUUID()}.db`);
fs.copyFileSync(SEEDED_BASE_DB, file);
process.env.DATABASE_PATH = file;
