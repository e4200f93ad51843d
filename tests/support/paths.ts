import path from "node:path";

/** Where test databases live; git-ignored, wiped at the start of each run. */
export const TEST_TMP_DIR = path.resolve("tests/.tmp");
/** A migrated database with nothing in it. */
export const EMPTY_BASE_DB = path.join(TEST_TMP_DIR, "base-empty.db");
/** A migrated database with the seed catalog and a small demo population. */
export const SEEDED_BASE_DB = path.join(TEST_TMP_DIR, "base-seeded.db");
/** The demo population of the seeded base: small enough to build in a second. */
export const SEEDED_BASE_SIZE = { trainees: 120, registrations: 3_000 };
