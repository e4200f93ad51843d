/**
 * `npm run mail`: how whoever runs an installation without SMTP reads the mail it kept, links and
 * all (the outbox page masks them). The sign-up of the demo depends on it.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { requestSignup } from "~/models/signup.server";
import { getDb } from "~/utils/db.server";

const script = path.resolve("scripts/read-mail.ts");
const tsx = path.resolve("node_modules/.bin/tsx");
const run = (args: string[]) =>
  spawnSync(tsx, [script, ...args], { env: { ...process.env }, encoding: "utf8", timeout: 30_000 });

describe("npm run mail", () => {
  it("prints the sign-up link kept for an address, whatever its letters' case", async () => {
    const email = "new.trainee@example.org";
    await requestSignup(
      getDb(),
      {
        email,
        password: "a-good-long-password",
        name: "New Trainee",
        countryCode: "IN",
        organization: null,
        locale: "en",
        redirectTo: "/",
      },
      "192.0.2.30",
    );
    const printed = run(["New.Trainee@Example.org"]);
    expect(printed.status).toBe(0);
    expect(printed.stdout).toContain("Confirm your address to finish signing up");
    expect(printed.stdout).toMatch(/\/signup\/confirm\/[A-Za-z0-9_-]{20,}/);
  });

  it("says so when an address has no mail, and how to call it without one", () => {
    const none = run(["nobody@example.org"]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("No mail for nobody@example.org");
    const usage = run([]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("Usage: npm run mail -- <e-mail address>");
  });
});
