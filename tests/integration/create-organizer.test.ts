import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { closeAppDatabase, openAppDatabase } from "../../db/client";
import { users } from "../../db/schema";
import { TEST_TMP_DIR } from "../support/paths";

const script = path.resolve("scripts/create-organizer.ts");
const tsx = path.resolve("node_modules/.bin/tsx");

function run(args: string[], env: Record<string, string>) {
  return spawnSync(tsx, [script, ...args], { env: { ...process.env, ...env }, encoding: "utf8", input: "" });
}

describe("npm run create-organizer", () => {
  it("creates the first organizer of a new installation, password from the environment, hashed", async () => {
    const file = path.join(TEST_TMP_DIR, `fresh-${randomUUID()}.db`);
    execFileSync(tsx, [script, "--email", "Office@Example.org", "--name", "Chen Jing"], {
      env: { ...process.env, DATABASE_PATH: file, ORGANIZER_PASSWORD: "a-long-office-passphrase" },
    });
    // The script makes a new SQLite installation at DATABASE_PATH: read back from that file.
    const db = openAppDatabase(file);
    let row: { email: string; role: string; passwordHash: string | null } | undefined;
    try {
      [row] = await db
        .select({ email: users.email, role: users.role, passwordHash: users.passwordHash })
        .from(users)
        .limit(1);
    } finally {
      await closeAppDatabase(db);
    }
    expect(row?.email).toBe("office@example.org");
    expect(row?.role).toBe("organizer");
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses to run without a password source and with a common password, creating nothing", () => {
    const file = path.join(TEST_TMP_DIR, `fresh-${randomUUID()}.db`);
    const noPassword = run(["--email", "a@example.org", "--name", "A"], {
      DATABASE_PATH: file,
      ORGANIZER_PASSWORD: "",
    });
    expect(noPassword.status).not.toBe(0);
    const common = run(["--email", "a@example.org", "--name", "A"], {
      DATABASE_PATH: file,
      ORGANIZER_PASSWORD: "password123",
    });
    expect(common.status).toBe(2);
    expect(common.stderr).toContain("most common");
  });
});
