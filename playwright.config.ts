import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";
import { SERVER_ARGS } from "./tests/support/server-command";

/**
 * On SQLite by default; with E2E_ENGINE=postgres (npm run test:browser:postgres) on PostgreSQL,
 * the demo data copied there with db:copy, for the flows that write and read back: accounts,
 * enrollment (by keyboard too), attendance, the console and the organizer's, statistics,
 * discovery, the catalog's search and filters, the security flows (throttled sign-in, sign-out,
 * cross-site forms), errors, the home page, the language choice, the authorization matrix and
 * the byte check of every page. Accessibility and hydration render the same pages from either
 * engine's rows, page by page in four languages (accessibility alone took 4.7 minutes on
 * PostgreSQL), and run on SQLite only, to keep the suite within its time.
 */
const ON_POSTGRES = [
  "accounts",
  "attendance",
  "authorization-matrix",
  "catalog",
  "console",
  "discovery",
  "enrollment",
  "errors",
  "home",
  "keyboard",
  "language",
  "organizer-console",
  "page-bytes",
  "security",
  "stats",
];
const ENGINE = process.env.E2E_ENGINE === "postgres" ? "postgres" : "sqlite";
const PORT = Number(process.env.E2E_PORT ?? (ENGINE === "postgres" ? 3101 : 3100));
const DATABASE_PATH = ENGINE === "postgres" ? "tests/.tmp/e2e-postgres.db" : "tests/.tmp/e2e.db";
// The test process opens the same database to sign people in without the form (tests/e2e/fixtures.ts).
process.env.DATABASE_PATH = DATABASE_PATH;
const DATABASE_URL =
  ENGINE === "postgres"
    ? (() => {
        const url = new URL(
          execFileSync("node", ["scripts/ensure-postgres.mjs", "start"], { encoding: "utf8" }).trim(),
        );
        url.pathname = "/e2e";
        return url.toString();
      })()
    : undefined;
if (DATABASE_URL) process.env.DATABASE_URL = DATABASE_URL;
const SEED = `tsx scripts/seed-demo.ts --trainees 300 --registrations 3000 --force`;

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: ENGINE === "postgres" ? ON_POSTGRES.map((name) => `${name}.spec.ts`) : undefined,
  outputDir: ENGINE === "postgres" ? "test-results/postgres" : "test-results",
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright cannot download its own browser on these machines.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: {
    // The real production server on a freshly seeded file: the same path `npm run demo` takes.
    // On PostgreSQL: seeded into SQLite (the seed is SQLite's), then copied as an operator moves an installation.
    command: DATABASE_URL
      ? `env -u DATABASE_URL ${SEED} && node scripts/ensure-postgres.mjs recreate e2e >/dev/null && ` +
        `tsx scripts/db-copy.ts --to ${DATABASE_URL} --from ${DATABASE_PATH} > tests/.tmp/e2e-postgres-copy.log 2>&1 && ` +
        `node ${SERVER_ARGS.join(" ")}`
      : `${SEED} && node ${SERVER_ARGS.join(" ")}`,
    url: `http://localhost:${PORT}/healthz`,
    // A one-second lockout base lets the throttling test wait it out.
    env: {
      DATABASE_PATH,
      ...(DATABASE_URL ? { DATABASE_URL } : {}),
      PORT: String(PORT),
      NODE_ENV: "production",
      APP_URL: `http://localhost:${PORT}`,
      LOGIN_LOCKOUT_BASE_SECONDS: "1",
    },
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
