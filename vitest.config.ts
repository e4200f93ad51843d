import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

/**
 * Tests that start the built production server as a child process and try to break it: races,
 * SIGKILL, fuzzing, online backups, shutdown, size limits and the security review's attacks. They need `npm run build` first and
 * run as `npm run test:resilience`; everything else is `npm run test:fast` and needs no build.
 */
const RESILIENCE = [
  "tests/integration/backup.test.ts",
  "tests/integration/crash-safety.test.ts",
  "tests/integration/enrollment-race.test.ts",
  "tests/integration/fuzz-http.test.ts",
  "tests/integration/security-review.test.ts",
  "tests/integration/serving.test.ts",
  "tests/integration/user-defects.test.ts",
];

/** Tests of what only PostgreSQL has (its server stopped and started again under load, its setup). */
const POSTGRES_ONLY = [
  "tests/integration/postgres-restart.test.ts",
  "tests/integration/postgres-setup.test.ts",
  "tests/integration/postgres-statements.test.ts",
];

/**
 * The integration tests that run again on PostgreSQL (`npm run test:postgres`, which sets
 * TEST_ENGINE=postgresql): each file on a database of its own, copied from a seeded base. Not
 * here, being about SQLite alone: migrations.test.ts (SQLite's migrations and connection
 * settings; its drift check covers both engines' migrations and needs no server; PostgreSQL's
 * empty-database check is in postgres-setup.test.ts), sqlite-transactions.test.ts (why SQLite's
 * transactions queue) and seed-generator.test.ts (the demo generator writes SQLite files, which
 * db:copy takes to PostgreSQL; seed.test.ts checks the result there).
 */
const ON_POSTGRES = [
  "tests/integration/accounts.test.ts",
  "tests/integration/attendance.test.ts",
  "tests/integration/backup.test.ts",
  "tests/integration/catalog.test.ts",
  "tests/integration/catalog-full-size.test.ts",
  "tests/integration/create-organizer.test.ts",
  "tests/integration/crash-safety.test.ts",
  "tests/integration/discovery.test.ts",
  "tests/integration/enrollment.test.ts",
  "tests/integration/enrollment-race.test.ts",
  "tests/integration/fuzz-http.test.ts",
  "tests/integration/login-throttle.test.ts",
  "tests/integration/read-mail.test.ts",
  ...POSTGRES_ONLY,
  "tests/integration/routes.test.ts",
  "tests/integration/schema-engines.test.ts",
  "tests/integration/schema-rules.test.ts",
  "tests/integration/seed.test.ts",
  "tests/integration/security-review.test.ts",
  "tests/integration/serving.test.ts",
  "tests/integration/session-rules.test.ts",
  "tests/integration/stats-api.test.ts",
  "tests/integration/stats-snapshot.test.ts",
  "tests/integration/stats.test.ts",
  "tests/integration/transactions.test.ts",
  "tests/integration/user-defects.test.ts",
];

// Separate from vite.config.ts: the React Router plugin builds the app and has no place in unit tests.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    globalSetup: ["tests/support/global-setup.ts"],
    setupFiles: ["tests/support/per-file-database.ts"],
    pool: "forks",
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: [
            "app/**/*.test.ts",
            "app/**/*.test.tsx",
            "db/**/*.test.ts",
            "scripts/**/*.test.ts",
            "tests/integration/**/*.test.ts",
          ],
          exclude: [...RESILIENCE, ...POSTGRES_ONLY],
        },
      },
      { extends: true, test: { name: "resilience", include: RESILIENCE } },
      { extends: true, test: { name: "postgres", include: ON_POSTGRES, env: { TEST_ENGINE: "postgresql" } } },
    ],
  },
});
