/**
 * PostgreSQL itself stopped in the middle of the load, as a power cut stops it
 * (`pg_ctl stop -m immediate`), then started again. The app server keeps running throughout:
 * /healthz answers 503 while the database is down and 200 once it is back, with no restart of
 * the app; no request meanwhile gets more than an error page; every answer given before or after
 * holds, no seat is oversold, and every place has its notice.
 * Runs on a PostgreSQL cluster of its own (the suite's server serves the other test files).
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { registrations } from "../../db/schema";
// @ts-expect-error: a plain .mjs script without types; what it exports is documented there.
import { CLUSTERS_DIR, startCluster, stopCluster } from "../../scripts/ensure-postgres.mjs";
import { closeAppDatabase } from "../../db/client";
import { openFreshHandle } from "../support/database";
import { createTestSession, createTrainees, findSeatViolations, placesWithoutNotice } from "../support/enrollment";
import { SEEDED_BASE_DB } from "../support/paths";
import { databaseUrl, onServer } from "../support/postgres";
import { cookiesFor, freePort, startServer } from "../support/race";

const CLIENTS = 12;
const TRAINEES = 40;
const CAPACITY = 6;

const clusterDir = path.join(CLUSTERS_DIR as string, `postgres-restart-${randomUUID().slice(0, 8)}`);
afterAll(() => {
  stopCluster({ dir: clusterDir, mode: "immediate" });
  fs.rmSync(clusterDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthz(url: string): Promise<number> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Polls /healthz until it answers `status`; how many polls that took. */
async function waitForHealth(url: string, status: number, what: string): Promise<number> {
  const seen: number[] = [];
  for (let poll = 1; poll <= 150; poll++) {
    seen.push(await healthz(url));
    if (seen.at(-1) === status) return poll;
    await sleep(200);
  }
  throw new Error(`/healthz never answered ${status} ${what}; it answered ${[...new Set(seen)].join(", ")}`);
}

describe("PostgreSQL stopped under load", () => {
  it("answers 503 while it is down, reconnects by itself, and loses nothing acknowledged", async () => {
    if (!fs.existsSync("build/server.js")) throw new Error("Build the app first: npm run build");
    const server = startCluster({ dir: clusterDir, port: await freePort() }) as string;
    await onServer(server, (client) => client.query("create database app"));
    const url = databaseUrl(server, "app");
    execFileSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--to", url, "--from", SEEDED_BASE_DB], {
      stdio: "pipe",
      env: { ...process.env, LOG_LEVEL: "warn" },
    });
    // From here on this file's handle and the app server both work on the cluster of its own.
    process.env.DATABASE_URL = url;
    const trainees = await createTrainees(getDb(), { count: TRAINEES, prefix: "restart" });
    const sessionId = await createTestSession(getDb(), { capacity: CAPACITY, title: "Restart test" });
    const cookies = await cookiesFor(trainees);
    const app = await startServer({ databasePath: "", workers: 1, env: { DATABASE_URL: url } });

    const told = new Map<number, "enrolled" | "cancelled" | "unknown">();
    const busy = new Set<number>();
    const answers = new Map<number, number>();
    let acknowledged = 0;
    let running = true;
    const client = async () => {
      while (running) {
        const index = Math.floor(Math.random() * TRAINEES);
        if (busy.has(index)) {
          await sleep(1);
          continue;
        }
        busy.add(index);
        const intent = told.get(index) === "enrolled" && Math.random() < 0.4 ? "cancel" : "enroll";
        told.set(index, "unknown");
        try {
          const response = await fetch(`${app.url}/sessions/${sessionId}`, {
            method: "POST",
            body: new URLSearchParams({ intent }),
            headers: { Cookie: cookies[index] ?? "", Origin: app.url },
            redirect: "manual",
            signal: AbortSignal.timeout(20_000),
          });
          const page = await response.text();
          answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
          // An error page, never a stack trace, while the database is away.
          expect(page).not.toMatch(/\bat .+\.(js|ts):\d+/);
          if (response.status === 303) {
            told.set(index, intent === "enroll" ? "enrolled" : "cancelled");
            acknowledged++;
          }
        } catch {
          // Timed out while the database was away: the outcome stays unknown.
        } finally {
          busy.delete(index);
        }
        await sleep(5);
      }
    };
    const load = Promise.all(Array.from({ length: CLIENTS }, client));
    /** Waits (up to a minute) until the load has had `more` answers acknowledged. */
    const answered = async (more: number) => {
      const target = acknowledged + more;
      for (const deadline = Date.now() + 60_000; acknowledged < target && Date.now() < deadline;) await sleep(20);
    };
    try {
      await answered(20);
      const beforeStop = acknowledged;
      stopCluster({ dir: clusterDir, mode: "immediate" });
      await waitForHealth(app.url, 503, "while PostgreSQL was stopped").catch((error: Error) => {
        throw new Error(`${error.message}\n${app.errors().slice(-3000)}`);
      });
      await sleep(1_000);
      startCluster({ dir: clusterDir, port: Number(new URL(server).port) });
      await waitForHealth(app.url, 200, "after PostgreSQL started again");
      const afterStart = acknowledged;
      await answered(20);
      // The load went on before the stop and after the start, on the same app process.
      expect(beforeStop).toBeGreaterThan(10);
      expect(acknowledged).toBeGreaterThan(afterStart + 10);
      expect(app.process.exitCode).toBeNull();
    } finally {
      running = false;
      await load;
      await app.stop();
    }
    // Only redirects (done), and 500 or 503 pages while the database was away.
    expect([...answers.keys()].filter((status) => ![303, 500, 503].includes(status))).toEqual([]);

    const db = openFreshHandle();
    try {
      expect(await findSeatViolations(db, [sessionId])).toEqual([]);
      const places = await db
        .select({ userId: registrations.userId, status: registrations.status })
        .from(registrations)
        .where(eq(registrations.sessionId, sessionId));
      const statusOf = new Map(places.map((place) => [place.userId, place.status]));
      for (const [index, answer] of told) {
        if (answer === "unknown") continue;
        const expected = answer === "enrolled" ? ["confirmed", "waitlisted"] : ["cancelled"];
        expect(expected, `trainee ${trainees[index]}`).toContain(statusOf.get(trainees[index] ?? 0));
      }
      expect(await placesWithoutNotice(db, [sessionId])).toBe(0);
    } finally {
      await closeAppDatabase(db);
    }
  }, 180_000);
});
