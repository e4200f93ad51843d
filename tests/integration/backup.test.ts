/**
 * `npm run backup` while the real server takes enrollments, and `npm run restore`, which must
 * refuse while the server runs and put the backup back once it is stopped.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { checkDatabaseFile } from "../../db/backup";
import { closeDb, getDb } from "~/utils/db.server";
import { createTestSession, createTrainees } from "../support/enrollment";
import { cookiesFor, startServer } from "../support/race";

const databasePath = () => process.env.DATABASE_PATH ?? "";

/** Runs one of the package's scripts as an operator would, on this test's database. */
function runScript(script: "backup" | "restore", file: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, file], {
    env: { ...process.env, DATABASE_PATH: databasePath() },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const countPlaces = (file: string, sessionId: number) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("select count(*) from registrations where session_id = ?").pluck().get(sessionId) as number;
  } finally {
    db.close();
  }
};

describe("backup and restore", () => {
  it("backs up while enrollments go on, refuses to restore under the server, restores once it stops", async () => {
    const db = getDb();
    const trainees = await createTrainees(db, { count: 300, prefix: "backup" });
    const sessionId = await createTestSession(db, { capacity: 400, title: "Backup under load" });
    const cookies = await cookiesFor(trainees);
    const server = await startServer({ databasePath: databasePath(), workers: 1 });
    const backupFile = path.join(path.dirname(databasePath()), `backup-${path.basename(databasePath())}`);

    // Trainees enroll, ten at a time, until the backup is done.
    let next = 0;
    let loading = true;
    const enrollOne = async () => {
      while (loading && next < cookies.length) {
        const cookie = cookies[next++] ?? "";
        const response = await fetch(`${server.url}/sessions/${sessionId}`, {
          method: "POST",
          body: new URLSearchParams({ intent: "enroll" }),
          headers: { Cookie: cookie, Origin: server.url },
          redirect: "manual",
        });
        await response.arrayBuffer();
        expect(response.status).toBe(303);
      }
    };
    const load = Promise.all(Array.from({ length: 10 }, enrollOne));
    while (countPlaces(databasePath(), sessionId) < 20) await new Promise((r) => setTimeout(r, 20));

    const before = countPlaces(databasePath(), sessionId);
    const backup = runScript("backup", backupFile);
    const after = countPlaces(databasePath(), sessionId);
    loading = false;
    await load;
    expect(backup.stderr).toContain("copying pages");
    expect(backup.stdout).toContain("integrity_check ok");
    expect(backup.status).toBe(0);
    expect(checkDatabaseFile(backupFile)).toEqual({ ok: true });
    // The backup is one moment of the live database, taken while it kept changing.
    const inBackup = countPlaces(backupFile, sessionId);
    expect(inBackup).toBeGreaterThanOrEqual(before);
    expect(inBackup).toBeLessThanOrEqual(after);

    // A second backup into the same file is refused: a backup is never overwritten.
    expect(runScript("backup", backupFile).status).toBe(1);

    // Restoring under the running server is refused and changes nothing.
    const live = countPlaces(databasePath(), sessionId);
    const refused = runScript("restore", backupFile);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("is in use");
    expect(countPlaces(databasePath(), sessionId)).toBe(live);

    // Stopped (this process's own handle closed too), the backup goes back in place.
    await server.stop();
    await closeDb();
    const restored = runScript("restore", backupFile);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(countPlaces(databasePath(), sessionId)).toBe(inBackup);
    expect(checkDatabaseFile(databasePath())).toEqual({ ok: true });
    const kept = fs.readdirSync(path.dirname(databasePath())).filter((name) => name.includes(".before-restore-"));
    expect(kept.some((name) => name.startsWith(path.basename(databasePath())))).toBe(true);
  }, 120_000);

  it("refuses a damaged backup and keeps the database as it was", async () => {
    await closeDb();
    const damaged = `${databasePath()}.damaged`;
    fs.writeFileSync(damaged, "SQLite format 3\0 this is not a database");
    const refused = runScript("restore", damaged);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("failed its check; nothing was changed");
    expect(refused.stderr).toContain("not a readable SQLite database");
    expect(checkDatabaseFile(databasePath())).toEqual({ ok: true });
  });
});
