import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { openDatabase, type AppDatabase } from "../../db/client";
import { EMPTY_BASE_DB, TEST_TMP_DIR } from "./paths";

/** A fresh file copied from the migrated, empty base: for tests that seed their own data. */
export function createEmptyDatabase(): { db: AppDatabase; file: string } {
  const file = path.join(TEST_TMP_DIR, `empty-${randomUUID()}.db`);
  fs.copyFileSync(EMPTY_BASE_DB, file);
  return { db: openDatabase(file), file };
}
