/**
 * 200 trainees race for the last 5 seats over real HTTP against the real server (the built app,
 * server.ts): on SQLite with one process and with two on one database file, on PostgreSQL with
 * one and with three processes on one server. A deliberately naive server written here shows
 * that the same harness catches overbooking, on either engine.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import fs from "node:fs";
import http from "node:http";
import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/utils/db.server";
import { sessionCookie, validateSessionToken } from "~/utils/session.server";
import { registrations, trainingSessions } from "../../db/schema";
import { SCHEMA_DIALECT } from "../../db/schema/dialect";
import { createTestSession, createTrainees, fillSeats } from "../support/enrollment";
import { cookiesFor, inspectRound, race, startServer, waitForMail, type RunningServer } from "../support/race";

const RACERS = 200;
const LAST_SEATS = 5;
const CAPACITY = 30;
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 4);

let cookies: string[] = [];
let holders: number[] = [];

beforeAll(async () => {
  if (!fs.existsSync("build/server.js")) throw new Error("Build the app first: npm run build");
  const racers = await createTrainees(getDb(), { count: RACERS, prefix: "racer" });
  holders = await createTrainees(getDb(), { count: CAPACITY - LAST_SEATS, prefix: "holder" });
  cookies = await cookiesFor(racers);
});

/** A session with only the last seats free, its title unique so its mail can be told apart. */
async function sessionWithLastSeats(label: string) {
  const title = `Race ${label}`;
  const sessionId = await createTestSession(getDb(), { capacity: CAPACITY, title });
  await fillSeats(getDb(), sessionId, holders);
  return { sessionId, title };
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Processes sharing nothing but the database: several app servers behind a balancer, on PostgreSQL. */
const PROCESS_COUNTS = SCHEMA_DIALECT === "postgresql" ? [1, 3] : [1, 2];

for (const workers of PROCESS_COUNTS) {
  describe(`the real server with ${workers} process${workers > 1 ? "es" : ""}`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ databasePath: process.env.DATABASE_PATH ?? "", workers, captureOutput: true });
    }, 90_000);
    afterAll(() => server?.stop());

    it(`never sells more than the last ${LAST_SEATS} seats to ${RACERS} racers, round after round`, async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        const { sessionId, title } = await sessionWithLastSeats(`${workers}p round ${round}`);
        const statuses = await race({ url: server.url, sessionId, cookies });
        // Every racer got an answer, and none was an error (no SQLITE_BUSY, no deadlock reaches anyone).
        const errorLog = () =>
          server
            .output()
            .split("\n")
            .filter((line) => line.includes('"level":50'))
            .slice(-3)
            .join("\n");
        expect(
          statuses.filter((s) => s !== 303),
          errorLog(),
        ).toEqual([]);
        // The server's database is this file's own: the test's handle reads what it wrote.
        await waitForMail(getDb());
        const report = await inspectRound(getDb(), sessionId, title);
        expect(report.violations).toEqual([]);
        expect(report.confirmed).toBe(CAPACITY);
        expect(report.waitlisted).toBe(RACERS - LAST_SEATS);
        expect(report.duplicates).toBe(0);
        expect(report.positions).toEqual(oneToN(RACERS - LAST_SEATS));
        // What each waitlisted racer was told: positions 1..n, each once.
        expect(report.mailedPositions).toEqual(oneToN(RACERS - LAST_SEATS));
      }
    }, 240_000);
  });
}

describe("the negative control", () => {
  /**
   * Check, then await, then insert: what most tools do. Between the count and the insert other
   * requests run, so several see the same free seat.
   */
  function naiveServer() {
    return http.createServer((req, res) => {
      void (async () => {
        const sessionId = Number(/\/sessions\/(\d+)/.exec(req.url ?? "")?.[1]);
        const token = (await sessionCookie.parse(req.headers.cookie ?? null)) as string | null;
        const user = token ? (await validateSessionToken(getDb(), token))?.user : null;
        if (!user) return res.writeHead(401).end();
        const db = getDb();
        const [session] = await db
          .select({ capacity: trainingSessions.capacity })
          .from(trainingSessions)
          .where(eq(trainingSessions.id, sessionId));
        if (!session) throw new Error(`No session ${sessionId}`);
        const [seats] = await db
          .select({ confirmed: count() })
          .from(registrations)
          .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "confirmed")));
        const confirmed = seats?.confirmed ?? 0;
        // Any await will do: an async database driver, a call to a payment or mail service (50 ms).
        await new Promise((resolve) => setTimeout(resolve, 50));
        // The insert in a transaction of its own, after the check's reads and the await: nothing holds the seat.
        await transaction(db, async (tx) => {
          await tx.insert(registrations).values({
            sessionId,
            userId: user.id,
            status: confirmed < session.capacity ? "confirmed" : "waitlisted",
            countryCode: user.countryCode,
            queuedAt: new Date(),
            createdAt: new Date(),
          });
        });
        res.writeHead(303, { Location: `/sessions/${sessionId}` }).end();
      })();
    });
  }

  it("is caught overbooking by the same harness", async () => {
    const server = naiveServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    try {
      const { sessionId, title } = await sessionWithLastSeats("naive");
      const statuses = await race({ url, sessionId, cookies });
      expect(statuses.filter((s) => s !== 303)).toEqual([]);
      const report = await inspectRound(getDb(), sessionId, title);
      expect(report.confirmed).toBeGreaterThan(CAPACITY);
      expect(report.violations.some((v) => v.startsWith("overbooked"))).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
