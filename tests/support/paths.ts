import path from "node:path";

/** Where Vitest's databases live; git-ignored, wiped at the start of each run (Playwright's live beside it, so a Vitest run never removes a running browser test's database). */
export const TEST_TMP_DIR = path.resolve("tests/.tmp/vitest");
/** A migrated database with nothing in it. */
export const EMPTY_BASE_DB = path.join(TEST_TMP_DIR, "base-empty.db");
/** A migrated database with the seed catalog and a small demo population. */
export const SEEDED_BASE_DB = path.join(TEST_TMP_DIR, "base-seeded.db");
/** The demo population of the seeded base: small enough to build in a second. */
export const SEEDED_BASE_SIZE = { trainees: 120, registrations: 3_000 };
