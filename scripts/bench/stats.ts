/**
 * npm run bench:stats — the statistics dashboard and its exports on the full demo data
 * (160,000 registrations): dashboard latency over HTTP (p50, p95) right after a change to the
 * data and from the cache, the event-loop delay while the figures are computed, the time to load
 * the snapshot in a fresh process, and the time and peak memory of the server exporting every
 * registration as CSV and XLSX.
 * Needs `npm run build` first. Prints figures; asserts nothing about time.
 */
import fs from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { hash } from "@node-rs/argon2";
import { migrateDatabase, openDatabase } from "../../db/client";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/seed-demo";
import { ARGON2_OPTIONS } from "../../app/utils/password-options";
import { cookiesFor, startServer } from "../../tests/support/race";
import { createProgress } from "../progress";
import { percentile } from "./load";

const { values } = parseArgs({
  options: {
    reuse: { type: "boolean", default: false },
    requests: { type: "string", default: "40" },
  },
});
const databasePath = ".bench/stats.db";
if (!fs.existsSync("build/server/index.js")) throw new Error("Build the app first: npm run build");
if (!values.reuse || !fs.existsSync(databasePath)) {
  fs.mkdirSync(path.dirname(databasePath), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(databasePath + suffix, { force: true });
  const db = openDatabase(databasePath);
  migrateDatabase(db);
  seedDemo(db, { trainees: 20_000, registrations: 160_000, passwordHash: await hash(DEMO_PASSWORD, ARGON2_OPTIONS) });
  db.$client.close();
}
process.env.DATABASE_PATH = databasePath;
const benchDatabase = openDatabase(databasePath);
// A database kept from an earlier run gets this version's migrations, as `npm start` would.
migrateDatabase(benchDatabase);
const sqlite = benchDatabase.$client;
const registrations = sqlite.prepare("select count(*) from registrations").pluck().get() as number;
const organizerId = sqlite.prepare("select id from users where role = 'organizer' limit 1").pluck().get() as number;
const [cookie = ""] = await cookiesFor([organizerId]);
const progress = createProgress();

// Event-loop delay while the figures are computed after changes, in this process (the server's
// work, without HTTP). The first computation reads every registration; it is timed on its own.
const { computeStats } = await import("../../app/models/stats.server");
const loadStarted = performance.now();
computeStats({}, "en");
const snapshotLoadMs = performance.now() - loadStarted;
const touch = sqlite.prepare(
  "update registrations set attended_days = attended_days where id = (select min(id) from registrations)",
);
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
for (let i = 0; i < 20; i++) {
  touch.run();
  computeStats({}, "en");
  await new Promise((resolve) => setImmediate(resolve));
}
histogram.disable();
const eventLoopDelayP99Ms = histogram.percentile(99) / 1e6;

/** Peak resident memory of a process, from /proc (VmHWM), in MB. */
const peakRssMb = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN) / 1024;

async function timed(url: string) {
  const started = performance.now();
  const response = await fetch(url, { headers: { Cookie: cookie } });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return { ms: performance.now() - started, bytes };
}

const server = await startServer({ databasePath, workers: 1 });
const latencies: number[] = [];
const warmLatencies: number[] = [];
const total = Number(values.requests);
// Each timed view follows a real change (a day of attendance recorded), as during a training
// week: the server must bring its figures up to date, not answer from its cache.
const someRegistration = sqlite
  .prepare("select id from registrations where status = 'confirmed' order by id limit 1")
  .pluck()
  .get() as number;
const recordChange = sqlite.prepare("update registrations set attended_days = attended_days where id = ?");
try {
  await timed(`${server.url}/admin/stats`);
  for (let i = 0; i < total; i++) {
    recordChange.run(someRegistration);
    latencies.push((await timed(`${server.url}/admin/stats`)).ms);
    warmLatencies.push((await timed(`${server.url}/admin/stats`)).ms);
    progress("dashboard", i + 1, total);
  }
} finally {
  await server.stop();
}
latencies.sort((a, b) => a - b);
warmLatencies.sort((a, b) => a - b);

const exports: Record<string, { rows: number; seconds: number; bytes: number; peakRssMb: number }> = {};
for (const kind of ["csv", "xlsx"]) {
  const fresh = await startServer({ databasePath, workers: 1 });
  try {
    // The CSV of every registration, and the workbook whose last sheet holds them.
    const url = kind === "csv" ? "/admin/stats/export.csv?table=registrations" : "/admin/stats/export.xlsx";
    const { ms, bytes } = await timed(`${fresh.url}${url}`);
    exports[kind] = { rows: registrations, seconds: ms / 1000, bytes, peakRssMb: peakRssMb(fresh.process.pid ?? 0) };
  } finally {
    await fresh.stop();
  }
}

const result = {
  stats: {
    registrations,
    dashboardP50Ms: percentile(latencies, 50),
    dashboardP95Ms: percentile(latencies, 95),
    dashboardCachedP50Ms: percentile(warmLatencies, 50),
    dashboardCachedP95Ms: percentile(warmLatencies, 95),
    eventLoopDelayP99Ms,
    snapshotLoadMs,
  },
  exportCsv: exports.csv,
  exportXlsx: exports.xlsx,
};
console.log(JSON.stringify(result, null, 2));
