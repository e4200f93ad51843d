import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const DATABASE_PATH = "tests/.tmp/e2e.db";
// The test process opens the same file to sign people in without the form (tests/e2e/fixtures.ts).
process.env.DATABASE_PATH = DATABASE_PATH;

export default defineConfig({
  testDir: "tests/e2e",
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
    command: `tsx scripts/seed-demo.ts --trainees 300 --registrations 3000 --force && node build/server.js`,
    url: `http://localhost:${PORT}/healthz`,
    // A one-second lockout base lets the throttling test wait it out.
    env: {
      DATABASE_PATH,
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
