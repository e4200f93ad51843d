import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, inject, it } from "vitest";
import { closeAppDatabase, openAppDatabase, type AppDatabase } from "../../db/client";
import { openPostgresDatabase } from "../../db/postgres";
import { users } from "../../db/schema";
import { SCHEMA_DIALECT } from "../../db/schema/dialect";
import { TEST_TMP_DIR } from "../support/paths";
import { databaseUrl, onServer, POSTGRES_TEST_PREFIX } from "../support/postgres";

const script = path.resolve("scripts/create-organizer.ts");
const tsx = path.resolve("node_modules/.bin/tsx");

function run(args: string[], env: Record<string, string>) {
  return spawnSync(tsx, [script, ...args], { env: { ...process.env, ...env }, encoding: "utf8", input: "" });
}

/**
 * A new installation with nothing in it, on this run's engine: a file that does not exist yet
 * at DATABASE_PATH, or an empty database on the test server at DATABASE_URL. Its environment
 * for the script, and a way to read it back.
 */
async function newInstallation(): Promise<{ env: Record<string, string>; open: () => AppDatabase }> {
  if (SCHEMA_DIALECT === "postgresql") {
    const server = inject("postgresServer");
    const name = `${POSTGRES_TEST_PREFIX}new_installation_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    await onServer(server, (client) => client.query(`create database ${name}`));
    const url = databaseUrl(server, name);
    return { env: { DATABASE_URL: url }, open: () => openPostgresDatabase(url, { poolSize: 1 }) };
  }
  const file = path.join(TEST_TMP_DIR, `fresh-${randomUUID()}.db`);
  return { env: { DATABASE_PATH: file }, open: () => openAppDatabase(file) };
}

describe("npm run create-organizer", () => {
  it("creates the first organizer of a new installation, password from the environment, hashed", async () => {
    const installation = await newInstallation();
    execFileSync(tsx, [script, "--email", "Office@Example.org", "--name", "Chen Jing"], {
      env: { ...process.env, ...installation.env, ORGANIZER_PASSWORD: "a-long-office-passphrase" },
    });
    // The script migrates the new installation and makes its first account: read it back there.
    const db = installation.open();
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

  it("refuses to run without a password source and with a common password", async () => {
    const installation = await newInstallation();
    const noPassword = run(["--email", "a@example.org", "--name", "A"], {
      ...installation.env,
      ORGANIZER_PASSWORD: "",
    });
    expect(noPassword.status).not.toBe(0);
    const common = run(["--email", "a@example.org", "--name", "A"], {
      ...installation.env,
      ORGANIZER_PASSWORD: "password123",
    });
    expect(common.status).toBe(2);
    expect(common.stderr).toContain("most common");
  });
});
