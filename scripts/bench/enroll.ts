/**
 * npm run bench:enroll — the enrollment race and enrollment throughput over HTTP.
 *
 * 1. Race: 200 trainees post "enroll" at once for the last 5 seats, several rounds, against the
 *    real server with one and with two processes; counts sessions left oversold.
 * 2. Throughput: 50 concurrent clients enroll distinct trainees through the real server (the
 *    built app: cookie session, form, transaction, audit, mail to the outbox, redirect), then
 *    through a bare node:http server running the same transaction, in the same run.
 * Needs `npm run build` first. Prints figures; asserts nothing about time.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { hash } from "@node-rs/argon2";
import { migrateDatabase, openDatabase } from "../../db/client";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/seed-demo";
import { ARGON2_OPTIONS } from "../../app/utils/password-options";
import { createTestSession, createTrainees, fillSeats } from "../../tests/support/enrollment";
import { cookiesFor, freePort, inspectRound, race, startServer, waitForMail } from "../../tests/support/race";
import { createProgress } from "../progress";
import { createClient, runLoad, type LoadResult } from "./load";

export type EnrollBenchResult = {
  enrollRace: {
    rounds: number;
    overbooked: number;
    racers: number;
    lastSeats: number;
    byProcesses: Record<string, number>;
  };
  enrollThroughput: {
    rps: number;
    p50Ms: number;
    p99Ms: number;
    baselineRps: number;
    ratio: number;
    processes: number;
  };
  /** GET /healthz through the same app and clients: what the framework alone allows here. */
  healthzFloor: { rps: number; p50Ms: number; p99Ms: number };
};

const RACERS = 200;
const CAPACITY = 30;
const LAST_SEATS = 5;
const CONCURRENCY = 50;

async function prepareDatabase(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  const db = openDatabase(file);
  migrateDatabase(db);
  seedDemo(db, { trainees: 300, registrations: 3_000, passwordHash: await hash(DEMO_PASSWORD, ARGON2_OPTIONS) });
  db.$client.close();
}

export async function benchEnrollment({
  databasePath = ".bench/enroll.db",
  rounds = 10,
  total = 6_000,
  processes = 2,
}: { databasePath?: string; rounds?: number; total?: number; processes?: number } = {}): Promise<EnrollBenchResult> {
  if (!fs.existsSync("build/server/index.js")) throw new Error("Build the app first: npm run build");
  await prepareDatabase(databasePath);
  process.env.DATABASE_PATH = databasePath;
  const sqlite = openDatabase(databasePath).$client;
  const progress = createProgress();

  // ── the race ──
  const racers = createTrainees(sqlite, { count: RACERS, prefix: "racer" });
  const holders = createTrainees(sqlite, { count: CAPACITY - LAST_SEATS, prefix: "holder" });
  const racerCookies = await cookiesFor(racers);
  const byProcesses: Record<string, number> = {};
  let overbooked = 0;
  for (const workers of [1, 2]) {
    const server = await startServer({ databasePath, workers });
    let bad = 0;
    try {
      for (let round = 1; round <= rounds; round++) {
        const title = `Race ${workers}p ${round}`;
        const sessionId = createTestSession(sqlite, { capacity: CAPACITY, title });
        fillSeats(sqlite, sessionId, holders);
        const statuses = await race({ url: server.url, sessionId, cookies: racerCookies });
        await waitForMail(sqlite);
        const report = inspectRound(sqlite, sessionId, title);
        const wrong =
          report.violations.length > 0 ||
          report.confirmed !== CAPACITY ||
          statuses.some((s) => s !== 303) ||
          report.mailedPositions.length !== RACERS - LAST_SEATS ||
          report.mailedPositions.some((p, i) => p !== i + 1);
        if (report.confirmed > CAPACITY) overbooked++;
        if (wrong) bad++;
        progress(`race, ${workers} process${workers > 1 ? "es" : ""}`, round, rounds);
      }
    } finally {
      await server.stop();
    }
    byProcesses[`${workers}`] = bad;
  }

  // ── throughput ──
  // Realistic sessions: 60 seats, 80 trainees each, so a quarter of the enrollments join a waitlist.
  const PER_SESSION = 80;
  const trainees = createTrainees(sqlite, { count: 2_000, prefix: "load" });
  const cookies = await cookiesFor(trainees);
  const newSessions = (label: string) =>
    Array.from({ length: Math.ceil(total / PER_SESSION) }, (_, i) =>
      createTestSession(sqlite, { capacity: 60, title: `Load ${label} ${i}` }),
    );
  const pair = (sessions: number[], i: number) => ({
    traineeIndex: i % trainees.length,
    sessionId: sessions[Math.floor(i / PER_SESSION)] ?? 0,
  });
  const body = new URLSearchParams({ intent: "enroll" }).toString();

  const appSessions = newSessions("app");
  const server = await startServer({ databasePath, workers: processes });
  let app: LoadResult;
  let floor: LoadResult;
  try {
    const post = createClient(server.url, CONCURRENCY);
    app = await runLoad({
      total,
      concurrency: CONCURRENCY,
      onProgress: (done, all) => progress("throughput, the app", done, all),
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
    await waitForMail(sqlite);
    // The framework's floor on this machine: a resource route doing one query, same clients.
    const get = createClient(server.url, CONCURRENCY);
    floor = await runLoad({
      total: Math.min(total, 3_000),
      concurrency: CONCURRENCY,
      onProgress: (done, all) => progress("floor, GET /healthz", done, all),
      send: async () => (await get("GET", "/healthz", {})) === 200,
    });
  } finally {
    await server.stop();
  }

  const baselineSessions = newSessions("baseline");
  const port = await freePort();
  const baseline = spawn(process.execPath, ["--import", "tsx", "scripts/bench/baseline-enroll-server.ts"], {
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    baseline.once("message", () => resolve());
    baseline.once("exit", (code) => reject(new Error(`The baseline server stopped (${code})`)));
  });
  let bare: LoadResult;
  try {
    const post = createClient(`http://127.0.0.1:${port}`, CONCURRENCY);
    bare = await runLoad({
      total,
      concurrency: CONCURRENCY,
      onProgress: (done, all) => progress("throughput, bare node:http", done, all),
      send: async (i) => {
        const { traineeIndex, sessionId } = pair(baselineSessions, i);
        const status = await post("POST", `/enroll/${sessionId}`, {
          "x-user-id": String(trainees[traineeIndex]),
          "x-country": "BR",
        });
        return status === 303;
      },
    });
  } finally {
    baseline.kill("SIGTERM");
  }
  sqlite.close();
  if (app.errors > 0 || bare.errors > 0)
    throw new Error(`Unexpected answers during the load: app ${app.errors}, baseline ${bare.errors}`);

  return {
    enrollRace: { rounds: rounds * 2, overbooked, racers: RACERS, lastSeats: LAST_SEATS, byProcesses },
    enrollThroughput: {
      rps: app.rps,
      p50Ms: app.p50Ms,
      p99Ms: app.p99Ms,
      baselineRps: bare.rps,
      ratio: app.rps / bare.rps,
      processes,
    },
    healthzFloor: { rps: floor.rps, p50Ms: floor.p50Ms, p99Ms: floor.p99Ms },
  };
}

export function printEnrollResult(result: EnrollBenchResult) {
  const { enrollRace: r, enrollThroughput: t } = result;
  const f = (n: number, digits = 1) => n.toLocaleString("en", { maximumFractionDigits: digits });
  console.log(
    `\nEnrollment race: ${r.rounds} rounds (${r.racers} trainees for the last ${r.lastSeats} seats; ` +
      `half on 1 process, half on 2): ${r.overbooked} oversold; rounds with any fault by processes: ${JSON.stringify(r.byProcesses)}`,
  );
  console.log(`Enrollment throughput over HTTP, ${CONCURRENCY} concurrent clients:`);
  console.table({
    [`the app (${t.processes} processes)`]: { "req/s": f(t.rps, 0), "p50 ms": f(t.p50Ms), "p99 ms": f(t.p99Ms) },
    "bare node:http, same transaction": { "req/s": f(t.baselineRps, 0) },
    "the app, GET /healthz (its floor)": {
      "req/s": f(result.healthzFloor.rps, 0),
      "p50 ms": f(result.healthzFloor.p50Ms),
      "p99 ms": f(result.healthzFloor.p99Ms),
    },
  });
  console.log(`Ratio app / baseline: ${f(t.ratio, 2)}`);
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("bench/enroll.ts")) {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "10" },
      requests: { type: "string", default: "6000" },
      processes: { type: "string", default: "2" },
    },
  });
  const result = await benchEnrollment({
    rounds: Number(values.rounds),
    total: Number(values.requests),
    processes: Number(values.processes),
  });
  printEnrollResult(result);
}
