/**
 * `npm run backup` while the real server takes enrollments, and `npm run restore`, which must
 * refuse while the server runs and put the backup back once it is stopped: on the SQLite file
 * (the online backup API) and on PostgreSQL (pg_dump and a restore in one transaction), as the
 * run's engine is. Needs `npm run build` first (npm test builds before it runs the tests).
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { checkDatabaseFile } from "../../db/backup";
import { checkPostgresDump } from "../../db/backup-postgres";
import { closeDb, getDb } from "~/utils/db.server";
import { createTestSession, createTrainees } from "../support/enrollment";
import { databaseUrl, onServer, POSTGRES_TEST_PREFIX } from "../support/postgres";
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

const placesQuery = "select count(*) as count from registrations where session_id = $1";

async function placesOnServer(url: string, sessionId: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(placesQuery, [sessionId]);
    return Number(rows[0]?.count);
  } finally {
    await client.end();
  }
}

/** What differs between the engines: where the database is, how a backup is read and checked. */
const engine =
  process.env.TEST_ENGINE === "postgresql"
    ? {
        backupFile: () => path.join(path.dirname(databasePath()), `backup-${randomUUID()}.dump`),
        livePlaces: (sessionId: number) => placesOnServer(process.env.DATABASE_URL ?? "", sessionId),
        /** Places in a dump, read by restoring it into an empty database of its own. */
        async placesInBackup(file: string, sessionId: number) {
          const server = inject("postgresServer") ?? "";
          const scratch = `${POSTGRES_TEST_PREFIX}restored_${randomUUID().replace(/-/g, "")}`;
          await onServer(server, (client) => client.query(`create database ${scratch}`));
          try {
            const url = databaseUrl(server, scratch);
            const restored = spawnSync("pg_restore", ["--no-owner", "--exit-on-error", `--dbname=${url}`, file], {
              encoding: "utf8",
            });
            expect(restored.stderr).toBe("");
            return await placesOnServer(url, sessionId);
          } finally {
            await onServer(server, (client) => client.query(`drop database ${scratch} with (force)`));
          }
        },
        check: checkPostgresDump,
        progress: "dumping tables",
        checked: "pg_restore reads it whole",
        keptPrefix: () =>
          `${decodeURIComponent(new URL(process.env.DATABASE_URL ?? "").pathname.slice(1))}.before-restore-`,
        damaged: "PGDMP this is not an archive",
        unreadable: "not a readable pg_dump archive",
      }
    : {
        backupFile: () => path.join(path.dirname(databasePath()), `backup-${path.basename(databasePath())}`),
        livePlaces: async (sessionId: number) => placesInFile(databasePath(), sessionId),
        placesInBackup: async (file: string, sessionId: number) => placesInFile(file, sessionId),
        check: async (file: string) => checkDatabaseFile(file),
        progress: "copying pages",
        checked: "integrity_check ok",
        keptPrefix: () => `${path.basename(databasePath())}.before-restore-`,
        damaged: "SQLite format 3\0 this is not a database",
        unreadable: "not a readable SQLite database",
      };

function placesInFile(file: string, sessionId: number): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(placesQuery.replace("$1", "?")).pluck().get(sessionId) as number;
  } finally {
    db.close();
  }
}

describe("backup and restore", () => {
  it("backs up while enrollments go on, refuses to restore under the server, restores once it stops", async () => {
    const db = getDb();
    const trainees = await createTrainees(db, { count: 300, prefix: "backup" });
    const sessionId = await createTestSession(db, { capacity: 400, title: "Backup under load" });
    const cookies = await cookiesFor(trainees);
    const server = await startServer({ databasePath: databasePath(), workers: 1 });
    const backupFile = engine.backupFile();

    // Trainees enroll, ten at a time, until the backup is done.
    let next = 0;
    let loading = true;
    const enroll = async (cookie: string) => {
      const response = await fetch(`${server.url}/sessions/${sessionId}`, {
        method: "POST",
        body: new URLSearchParams({ intent: "enroll" }),
        headers: { Cookie: cookie, Origin: server.url },
        redirect: "manual",
      });
      await response.arrayBuffer();
      expect(response.status).toBe(303);
    };
    const enrollOne = async () => {
      while (loading && next < cookies.length) await enroll(cookies[next++] ?? "");
    };
    const load = Promise.all(Array.from({ length: 10 }, enrollOne));
    while ((await engine.livePlaces(sessionId)) < 20) await new Promise((r) => setTimeout(r, 20));

    const before = await engine.livePlaces(sessionId);
    const backup = runScript("backup", backupFile);
    const after = await engine.livePlaces(sessionId);
    loading = false;
    await load;
    // One more place after the backup, so that restoring it is seen to change the database.
    await enroll(cookies[next++] ?? "");
    expect(backup.stderr).toContain(engine.progress);
    expect(backup.stdout).toContain(engine.checked);
    expect(backup.status).toBe(0);
    expect(await engine.check(backupFile)).toEqual({ ok: true });
    // It holds every trainee's personal data: readable by its owner alone.
    expect(fs.statSync(backupFile).mode & 0o777).toBe(0o600);
    // The backup is one moment of the live database, taken while it kept changing.
    const inBackup = await engine.placesInBackup(backupFile, sessionId);
    expect(inBackup).toBeGreaterThanOrEqual(before);
    expect(inBackup).toBeLessThanOrEqual(after);

    // A second backup into the same file is refused: a backup is never overwritten.
    expect(runScript("backup", backupFile).status).toBe(1);

    // Restoring under the running server is refused and changes nothing.
    const live = await engine.livePlaces(sessionId);
    const refused = runScript("restore", backupFile);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("is in use");
    expect(await engine.livePlaces(sessionId)).toBe(live);

    // Stopped (this process's own handle closed too), the backup goes back in place.
    await server.stop();
    await closeDb();
    const restored = runScript("restore", backupFile);
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(await engine.livePlaces(sessionId)).toBe(inBackup);
    expect(live).toBeGreaterThan(inBackup);
    // What the restore replaced is kept beside it, whole.
    const kept = fs.readdirSync(path.dirname(backupFile)).filter((name) => name.startsWith(engine.keptPrefix()));
    expect(kept).toHaveLength(1);
    expect(await engine.check(path.join(path.dirname(backupFile), kept[0] ?? ""))).toEqual({ ok: true });
  }, 120_000);

  it("refuses a damaged backup and keeps the database as it was", async () => {
    await closeDb();
    const damaged = `${databasePath()}.damaged`;
    const sessionId = await createTestSession(getDb(), { capacity: 5, title: "Kept through a refused restore" });
    const places = await engine.livePlaces(sessionId);
    await closeDb();
    fs.writeFileSync(damaged, engine.damaged);
    const refused = runScript("restore", damaged);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("failed its check; nothing was changed");
    expect(refused.stderr).toContain(engine.unreadable);
    expect(await engine.livePlaces(sessionId)).toBe(places);
  });
});
