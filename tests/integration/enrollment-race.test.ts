/**
 * 200 trainees race for the last 5 seats over real HTTP against the real server (the built app,
 * server.ts), with one process and with two processes on one database file. A deliberately naive
 * server written here shows that the same harness catches overbooking.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { sessionCookie, validateSessionToken } from "~/utils/session.server";
import { createTestSession, createTrainees, fillSeats } from "../support/enrollment";
import { cookiesFor, inspectRound, race, startServer, waitForMail, type RunningServer } from "../support/race";

const RACERS = 200;
const LAST_SEATS = 5;
const CAPACITY = 30;
const ROUNDS = Number(process.env.RACE_ROUNDS ?? 4);

const sqlite = () => getDb().$client;
let cookies: string[] = [];
let holders: number[] = [];

beforeAll(async () => {
  if (!fs.existsSync("build/server.js")) throw new Error("Build the app first: npm run build");
  const racers = createTrainees(sqlite(), { count: RACERS, prefix: "racer" });
  holders = createTrainees(sqlite(), { count: CAPACITY - LAST_SEATS, prefix: "holder" });
  cookies = await cookiesFor(racers);
});

/** A session with only the last seats free, its title unique so its mail can be told apart. */
function sessionWithLastSeats(label: string) {
  const title = `Race ${label}`;
  const sessionId = createTestSession(sqlite(), { capacity: CAPACITY, title });
  fillSeats(sqlite(), sessionId, holders);
  return { sessionId, title };
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

for (const workers of [1, 2]) {
  describe(`the real server with ${workers} process${workers > 1 ? "es" : ""}`, () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({ databasePath: process.env.DATABASE_PATH ?? "", workers });
    }, 90_000);
    afterAll(() => server?.stop());

    it(`never sells more than the last ${LAST_SEATS} seats to ${RACERS} racers, round after round`, async () => {
      for (let round = 1; round <= ROUNDS; round++) {
        const { sessionId, title } = sessionWithLastSeats(`${workers}p round ${round}`);
        const statuses = await race({ url: server.url, sessionId, cookies });
        // Every racer got an answer, and none was an error (no SQLITE_BUSY reaches anyone).
        expect(statuses.filter((s) => s !== 303)).toEqual([]);
        await waitForMail(sqlite());
        const report = inspectRound(sqlite(), sessionId, title);
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
        const user = token ? validateSessionToken(token)?.user : null;
        if (!user) return res.writeHead(401).end();
        const { capacity } = sqlite().prepare("select capacity from training_sessions where id = ?").get(sessionId) as {
          capacity: number;
        };
        const confirmed = sqlite()
          .prepare("select count(*) from registrations where session_id = ? and status = 'confirmed'")
          .pluck()
          .get(sessionId) as number;
        // Any await will do: an async database driver, a call to a payment or mail service (50 ms).
        await new Promise((resolve) => setTimeout(resolve, 50));
        sqlite()
          .prepare(
            `insert into registrations (session_id, user_id, status, country_code, queued_at, created_at)
             values (?, ?, ?, ?, ?, ?)`,
          )
          .run(
            sessionId,
            user.id,
            confirmed < capacity ? "confirmed" : "waitlisted",
            user.countryCode,
            Date.now(),
            Date.now(),
          );
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
      const { sessionId, title } = sessionWithLastSeats("naive");
      const statuses = await race({ url, sessionId, cookies });
      expect(statuses.filter((s) => s !== 303)).toEqual([]);
      const report = inspectRound(sqlite(), sessionId, title);
      expect(report.confirmed).toBeGreaterThan(CAPACITY);
      expect(report.violations.some((v) => v.startsWith("overbooked"))).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
