/**
 * The real server, under a burst of enrollments and cancellations, is killed with SIGKILL at a
 * random moment, again and again. After each restart the database must be whole (on SQLite, the
 * file's integrity and foreign keys), every answer a trainee was given must hold, and no session
 * may be oversold or keep a free seat while someone waits. CRASH_CYCLES sets the number of kills
 * (default 10). On PostgreSQL the database server is stopped too (postgres-restart.test.ts).
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import fs from "node:fs";
import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { checkDatabaseFile } from "../../db/backup";
import { closeAppDatabase } from "../../db/client";
import { registrations } from "../../db/schema";
import { SCHEMA_DIALECT } from "../../db/schema/dialect";
import { openFreshHandle } from "../support/database";
import { createTestSession, createTrainees, findSeatViolations, placesWithoutNotice } from "../support/enrollment";
import { cookiesFor, startServer, type RunningServer } from "../support/race";

const CYCLES = Number(process.env.CRASH_CYCLES ?? 10);
const CLIENTS = 16;
const TRAINEES = 60;
const SESSIONS = 3;
const CAPACITY = 8;

/** What the trainee was last told about their place in a session; "unknown" when the server died mid-answer. */
type Told = "enrolled" | "cancelled" | "unknown";

function randomInt(below: number): number {
  return Math.floor(Math.random() * below);
}

describe("crash safety", () => {
  it(`keeps every acknowledged answer and the seat rules through ${CYCLES} kills under load`, async () => {
    if (!fs.existsSync("build/server.js")) throw new Error("Build the app first: npm run build");
    const databasePath = process.env.DATABASE_PATH ?? "";
    const trainees = await createTrainees(getDb(), { count: TRAINEES, prefix: "crash" });
    const sessions: number[] = [];
    for (let i = 0; i < SESSIONS; i++)
      sessions.push(await createTestSession(getDb(), { capacity: CAPACITY, title: `Crash test ${i}` }));
    const cookies = await cookiesFor(trainees);
    const told = new Map<string, Told>();
    const busyTrainees = new Set<number>();
    let acknowledged = 0;

    const check = async (cycle: number) => {
      // integrity_check ok and foreign_key_check empty, as `npm run backup` checks its copies.
      // (PostgreSQL's own storage is its server's: an app process dying cannot tear it.)
      if (SCHEMA_DIALECT === "sqlite")
        expect(checkDatabaseFile(databasePath), `integrity and foreign keys after kill ${cycle}`).toEqual({ ok: true });
      // A handle of its own, opened after the kill, as a restarted process opens it.
      const db = openFreshHandle();
      try {
        expect(await findSeatViolations(db, sessions), `seats after kill ${cycle}`).toEqual([]);
        const places = await db
          .select({ userId: registrations.userId, sessionId: registrations.sessionId, status: registrations.status })
          .from(registrations)
          .where(inArray(registrations.sessionId, sessions));
        const statusOf = new Map(places.map((place) => [`${place.userId}:${place.sessionId}`, place.status]));
        for (const [key, answer] of told) {
          if (answer === "unknown") continue;
          const [trainee, session] = key.split(":").map(Number);
          const status = statusOf.get(`${trainee}:${session}`);
          const expected = answer === "enrolled" ? ["confirmed", "waitlisted"] : ["cancelled"];
          expect(expected, `trainee ${trainee} in session ${session} after kill ${cycle}`).toContain(status);
        }
        // Every place is told to its trainee: the notice is written in the place's own transaction.
        const untold = await placesWithoutNotice(db, sessions);
        expect(untold, `places without a notice after kill ${cycle}`).toBe(0);
      } finally {
        await closeAppDatabase(db);
      }
    };

    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const server: RunningServer = await startServer({ databasePath, workers: 1 });
      await check(cycle - 1);
      let running = true;
      const client = async () => {
        while (running) {
          const index = randomInt(TRAINEES);
          if (busyTrainees.has(index)) continue;
          busyTrainees.add(index);
          const trainee = trainees[index] ?? 0;
          const session = sessions[randomInt(SESSIONS)] ?? 0;
          const key = `${trainee}:${session}`;
          const intent = told.get(key) === "enrolled" && Math.random() < 0.4 ? "cancel" : "enroll";
          told.set(key, "unknown");
          try {
            const response = await fetch(`${server.url}/sessions/${session}`, {
              method: "POST",
              body: new URLSearchParams({ intent }),
              headers: { Cookie: cookies[index] ?? "", Origin: server.url },
              redirect: "manual",
            });
            await response.arrayBuffer();
            if (response.status === 303) {
              told.set(key, intent === "enroll" ? "enrolled" : "cancelled");
              acknowledged++;
            } else if (response.status !== 404) {
              // 404: a cancel of a place whose enrollment died with the server; anything else is wrong.
              throw new Error(`${intent} answered ${response.status}`);
            }
          } catch (error) {
            if (running) throw error;
            // The server died mid-request: the outcome stays unknown, which the checks allow.
          } finally {
            busyTrainees.delete(index);
          }
        }
      };
      const before = acknowledged;
      const clients = Promise.all(Array.from({ length: CLIENTS }, client));
      await new Promise((resolve) => setTimeout(resolve, 150 + randomInt(750)));
      // On a busy machine the burst may have barely begun: the kill waits for some answers.
      for (const deadline = Date.now() + 10_000; acknowledged - before < 12 && Date.now() < deadline;)
        await new Promise((resolve) => setTimeout(resolve, 20));
      running = false;
      const died = new Promise((resolve) => server.process.once("exit", resolve));
      server.process.kill("SIGKILL");
      await died;
      await clients;
    }
    const last = await startServer({ databasePath, workers: 1 });
    await check(CYCLES);
    await last.stop();
    // The burst really happened: many answers were given, and seats changed hands.
    expect(acknowledged).toBeGreaterThan(CYCLES * 10);
  }, 300_000);
});
