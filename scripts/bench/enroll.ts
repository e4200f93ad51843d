/**
 * Enrollment over HTTP against the real server (the built app: cookie session, form,
 * transaction, audit, mail queued, redirect):
 * 1. the race: 200 trainees post "enroll" at once for the last 5 seats, round after round, with
 *    one and with two processes; counts sessions left oversold;
 * 2. throughput: 50 concurrent clients enroll distinct trainees, beside the bare baseline server
 *    running the same transaction, and GET /healthz as the framework's floor on this machine.
 */
import { createTestSession, createTrainees, fillSeats } from "../../tests/support/enrollment";
import { cookiesFor, inspectRound, race, waitForMail } from "../../tests/support/race";
import { isNull } from "drizzle-orm";
import { enrollmentNotices } from "../../db/schema";
import { transaction, type Db } from "../../app/utils/db.server";
import { createClient, runLoad } from "./load";
import { withApp, withBaseline } from "./support";

export type RaceResult = {
  rounds: number;
  overbooked: number;
  racers: number;
  lastSeats: number;
  /** Rounds with any fault (an error answer, a wrong count, a waitlist position told twice), by process count. */
  faultyRoundsByProcesses: Record<string, number>;
};

/** The app's enrollment throughput with one number of app processes. */
export type ThroughputRun = { processes: number; rps: number; p50Ms: number; p99Ms: number };

export type ThroughputResult = {
  runs: ThroughputRun[];
  baselineRps: number;
  concurrency: number;
  /** GET /healthz with the same clients, against the last run's processes. */
  healthzFloor: { rps: number; p50Ms: number; p99Ms: number };
};

type Progress = (phase: string, done: number, total: number) => void;

// Trainees made by this run are told apart from those of an earlier run on a reused database.
const RUN = Date.now().toString(36);
const RACERS = 200;
const CAPACITY = 30;
const LAST_SEATS = 5;
export const CONCURRENCY = 50;

/**
 * Marks every pending notice sent. The bare baseline queues notices it never mails (it has no
 * mail delivery); left pending in the file, they would be mailed by the next app server started
 * on it, in its first seconds, and counted in that measurement (up to 6,000 messages composed,
 * which made the enrollment figures of one engine swing by a third from run to run).
 */
async function settlePendingMail(db: Db): Promise<void> {
  await transaction(db, (tx) =>
    tx.update(enrollmentNotices).set({ sentAt: new Date() }).where(isNull(enrollmentNotices.sentAt)),
  );
}

export async function benchEnrollRace({
  db,
  databasePath,
  processCounts,
  roundsPerProcessCount,
  progress,
}: {
  db: Db;
  databasePath: string;
  /** App processes on the one database, each count in turn. */
  processCounts: number[];
  roundsPerProcessCount: number;
  progress: Progress;
}): Promise<RaceResult> {
  await settlePendingMail(db);
  const racers = await createTrainees(db, { count: RACERS, prefix: `racer-${RUN}` });
  const holders = await createTrainees(db, { count: CAPACITY - LAST_SEATS, prefix: `holder-${RUN}` });
  const racerCookies = await cookiesFor(racers);
  const faultyRoundsByProcesses: Record<string, number> = {};
  let overbooked = 0;
  for (const workers of processCounts) {
    faultyRoundsByProcesses[`${workers}`] = await withApp(databasePath, workers, async (server) => {
      let faulty = 0;
      for (let round = 1; round <= roundsPerProcessCount; round++) {
        const title = `Race ${workers}p ${round}`;
        const sessionId = await createTestSession(db, { capacity: CAPACITY, title });
        await fillSeats(db, sessionId, holders);
        const statuses = await race({ url: server.url, sessionId, cookies: racerCookies });
        await waitForMail(db);
        const report = await inspectRound(db, sessionId, title);
        if (report.confirmed > CAPACITY) overbooked++;
        const wrong =
          report.violations.length > 0 ||
          report.confirmed !== CAPACITY ||
          statuses.some((s) => s !== 303) ||
          report.mailedPositions.length !== RACERS - LAST_SEATS ||
          report.mailedPositions.some((p, i) => p !== i + 1);
        if (wrong) faulty++;
        progress(`race, ${workers} process${workers > 1 ? "es" : ""}`, round, roundsPerProcessCount);
      }
      return faulty;
    });
  }
  return {
    rounds: roundsPerProcessCount * processCounts.length,
    overbooked,
    racers: RACERS,
    lastSeats: LAST_SEATS,
    faultyRoundsByProcesses,
  };
}

export async function benchEnrollThroughput({
  db,
  databasePath,
  total,
  processCounts,
  progress,
}: {
  db: Db;
  databasePath: string;
  total: number;
  /** App processes on the one database, each count in turn (each with sessions of its own). */
  processCounts: number[];
  progress: Progress;
}): Promise<ThroughputResult> {
  // Realistic sessions: 60 seats, 80 trainees each, so a quarter of the enrollments join a
  // waitlist. The clients spread over the sessions, as when a programme's sessions open together
  // (the race above is the other case: everyone after the same session at once). Request i is
  // the j-th of session i mod n, j = i div n, from trainee 80 × session + j: the requests in
  // flight at a moment are for different sessions from different trainees, and no trainee asks
  // for a session twice.
  const PER_SESSION = 80;
  await settlePendingMail(db);
  const trainees = await createTrainees(db, { count: 2_000, prefix: `load-${RUN}` });
  const cookies = await cookiesFor(trainees);
  const newSessions = async (label: string) => {
    const ids: number[] = [];
    for (let i = 0; i < Math.ceil(total / PER_SESSION); i++)
      ids.push(await createTestSession(db, { capacity: 60, title: `Load ${label} ${i}` }));
    return ids;
  };
  const pair = (sessions: number[], i: number) => {
    const session = i % sessions.length;
    const nth = Math.floor(i / sessions.length);
    return { traineeIndex: (session * PER_SESSION + nth) % trainees.length, sessionId: sessions[session] ?? 0 };
  };
  const body = new URLSearchParams({ intent: "enroll" }).toString();

  const runs: ThroughputRun[] = [];
  let floor: Awaited<ReturnType<typeof runLoad>> | undefined;
  let appErrors = 0;
  for (const [index, processes] of processCounts.entries()) {
    const appSessions = await newSessions(`app ${processes}p`);
    const label = `enrollment, the app, ${processes} process${processes > 1 ? "es" : ""}`;
    await withApp(databasePath, processes, async (server) => {
      const post = createClient(server.url, CONCURRENCY);
      const app = await runLoad({
        total,
        concurrency: CONCURRENCY,
        onProgress: (done, all) => progress(label, done, all),
        send: async (i) => {
          const { traineeIndex, sessionId } = pair(appSessions, i);
          const status = await post(
            "POST",
            `/sessions/${sessionId}`,
            {
              Cookie: cookies[traineeIndex] ?? "",
              Origin: server.url,
              "Content-Type": "application/x-www-form-urlencoded",
            },
            body,
          );
          return status === 303;
        },
      });
      appErrors += app.errors;
      runs.push({ processes, rps: app.rps, p50Ms: app.p50Ms, p99Ms: app.p99Ms });
      await waitForMail(db);
      if (index < processCounts.length - 1) return;
      const get = createClient(server.url, CONCURRENCY);
      floor = await runLoad({
        total: Math.min(total, 3_000),
        concurrency: CONCURRENCY,
        onProgress: (done, all) => progress("floor, GET /healthz", done, all),
        send: async () => (await get("GET", "/healthz", {})) === 200,
      });
    });
  }

  const baselineSessions = await newSessions("baseline");
  const bare = await withBaseline(databasePath, (baseline) => {
    const post = createClient(baseline.url, CONCURRENCY);
    return runLoad({
      total,
      concurrency: CONCURRENCY,
      onProgress: (done, all) => progress("enrollment, bare node:http", done, all),
      send: async (i) => {
        const { traineeIndex, sessionId } = pair(baselineSessions, i);
        const status = await post("POST", `/enroll/${sessionId}`, {
          "x-user-id": String(trainees[traineeIndex]),
          "x-country": "BR",
        });
        return status === 303;
      },
    });
  });
  await settlePendingMail(db);
  if (appErrors > 0 || bare.errors > 0)
    throw new Error(`Unexpected answers during the load: app ${appErrors}, baseline ${bare.errors}`);
  if (!floor) throw new Error("No process count to measure");
  return {
    runs,
    baselineRps: bare.rps,
    concurrency: CONCURRENCY,
    healthzFloor: { rps: floor.rps, p50Ms: floor.p50Ms, p99Ms: floor.p99Ms },
  };
}
