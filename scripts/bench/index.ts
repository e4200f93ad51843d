/**
 * npm run bench — every benchmark on the full demo data (20,000 trainees, 160,000
 * registrations), each beside its bare node:http baseline measured in the same run: the
 * statistics dashboard, both exports, the catalog page, the enrollment race (1 and 2 processes; 1 and 3 on PostgreSQL)
 * and enrollment throughput. Prints a table with the goals and writes bench-results.json.
 * Figures only: nothing here asserts a time.
 *
 *   --db sqlite|postgres                      the engine (sqlite); on PostgreSQL the demo data is
 *                                             copied there with db:copy, into BENCH_DATABASE_URL's
 *                                             server or a throwaway one (scripts/ensure-postgres.mjs)
 *   --only stats,exports,catalog,race,enroll   a subset
 *   --reuse                                   keep the demo database from an earlier run (else seeded afresh)
 *   --trainees N --registrations N            the demo data's size (20,000 and 160,000)
 *   --rounds N        race rounds per process count (5)
 *   --requests N      enrollments for throughput (6000)
 *   --processes 1,2   app process counts for throughput (1,2 on SQLite; 1,2,3 on PostgreSQL)
 *   --views N         timed dashboard views (40)
 */
import { execFileSync, execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { createProgress } from "../progress";
import type { CatalogResult } from "./catalog";
import type { RaceResult, ThroughputResult } from "./enroll";
import type { DashboardResult, ExportResult } from "./stats";

const ALL = ["stats", "exports", "catalog", "race", "enroll"] as const;

/**
 * Enrollment throughput with one process and with one per core (two on the build machine); on
 * PostgreSQL also three, as several app servers on one database. Three on two cores measures
 * oversubscription: 261 req/s where two processes gave 352 (docs/operations.md).
 */
const DEFAULT_PROCESS_COUNTS = { sqlite: [1, 2], postgres: [1, 2, 3] };
type Part = (typeof ALL)[number];

const { values } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite" },
    only: { type: "string", default: ALL.join(",") },
    reuse: { type: "boolean", default: false },
    trainees: { type: "string", default: "20000" },
    registrations: { type: "string", default: "160000" },
    rounds: { type: "string", default: "5" },
    requests: { type: "string", default: "6000" },
    // App process counts for enrollment throughput, each in turn (see DEFAULT_PROCESS_COUNTS).
    processes: { type: "string" },
    views: { type: "string", default: "40" },
  },
});
const parts = new Set(values.only.split(",").map((p) => p.trim()));
for (const part of parts)
  if (!(ALL as readonly string[]).includes(part)) throw new Error(`Unknown part "${part}"; use ${ALL.join(", ")}`);
const wants = (part: Part) => parts.has(part);
if (!fs.existsSync("build/server.js")) throw new Error("Build the app first: npm run build");

if (values.db !== "sqlite" && values.db !== "postgres")
  throw new Error(`Unknown --db "${values.db}"; use sqlite or postgres`);
const engine = values.db;

const databasePath = values.registrations === "160000" ? ".bench/demo.db" : `.bench/demo-${values.registrations}.db`;
const started = performance.now();
const progress = createProgress();
progress("seeding the full demo data", 0, 1);
// In a process of its own: this one builds the schema for the engine DATABASE_URL names, when
// the modules below first load it, after it is set.
execFileSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "scripts/bench/prepare-demo.ts",
    databasePath,
    values.trainees,
    values.registrations,
    ...(values.reuse ? ["--reuse"] : []),
  ],
  { stdio: "inherit" },
);
progress("seeding the full demo data", 1, 1);
process.env.DATABASE_PATH = databasePath;
process.env.LOG_LEVEL ??= "warn";
if (engine === "postgres") process.env.DATABASE_URL = await copyToPostgres();
const { closeDb, getDb } = await import("../../app/utils/db.server");
const { benchCatalog } = await import("./catalog");
const { benchEnrollRace, benchEnrollThroughput } = await import("./enroll");
const { benchDashboard, benchExports } = await import("./stats");
const db = getDb();

/** The demo data in a fresh `bench_demo` database on PostgreSQL, copied with db:copy; its URL. */
async function copyToPostgres(): Promise<string> {
  const server =
    process.env.BENCH_DATABASE_URL ??
    // One machine: the app servers reach PostgreSQL through its Unix socket, as docs/operations.md advises.
    execFileSync(process.execPath, ["scripts/ensure-postgres.mjs", "socket"], { encoding: "utf8" }).trim();
  const url = new URL(server);
  url.pathname = "/bench_demo";
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query("drop database if exists bench_demo with (force)");
  await admin.query("create database bench_demo");
  await admin.end();
  execFileSync(
    process.execPath,
    ["--import", "tsx", "scripts/db-copy.ts", "--to", url.toString(), "--from", databasePath],
    {
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  return url.toString();
}

type Results = {
  run: {
    date: string;
    engine: "sqlite" | "postgres";
    commit: string;
    node: string;
    cpus: number;
    cpuModel: string;
    seconds?: number;
  };
  stats?: DashboardResult;
  exportCsv?: ExportResult;
  exportXlsx?: ExportResult;
  catalogPage?: CatalogResult;
  enrollRace?: RaceResult;
  enrollThroughput?: ThroughputResult;
};
const results: Results = {
  run: {
    date: new Date().toISOString(),
    engine,
    commit: execSync("git rev-parse --short HEAD 2>/dev/null || echo unknown", { encoding: "utf8" }).trim(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
  },
};

// Statistics and exports first, while the data is exactly the demo's 160,000 registrations.
if (wants("stats")) results.stats = await benchDashboard({ db, databasePath, views: Number(values.views), progress });
if (wants("exports")) Object.assign(results, await benchExports({ db, databasePath, progress }));
if (wants("catalog"))
  results.catalogPage = await benchCatalog({ databasePath, total: 3_000, concurrency: 4, processes: 2, progress });
if (wants("race"))
  results.enrollRace = await benchEnrollRace({
    db,
    databasePath,
    // Several app servers on one PostgreSQL; one machine's workers on one SQLite file.
    processCounts: engine === "postgres" ? [1, 3] : [1, 2],
    roundsPerProcessCount: Number(values.rounds),
    progress,
  });
if (wants("enroll"))
  results.enrollThroughput = await benchEnrollThroughput({
    db,
    databasePath,
    total: Number(values.requests),
    processCounts: values.processes ? values.processes.split(",").map(Number) : DEFAULT_PROCESS_COUNTS[engine],
    progress,
  });
await closeDb();
results.run.seconds = Math.round((performance.now() - started) / 1000);

const resultsFile = engine === "sqlite" ? "bench-results.json" : "bench-results.postgres.json";
fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
printTable(results);
printEngineComparison();
console.log(`\nWritten to ${resultsFile} (${results.run.seconds} s in all).`);

/**
 * PostgreSQL beside SQLite on this machine, from the two results files (this run and the other
 * engine's last one): the goal is PostgreSQL within 0.8× of SQLite at the same process count.
 */
function printEngineComparison() {
  const read = (file: string) => (fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Results) : null);
  const lite = read("bench-results.json");
  const pg = read("bench-results.postgres.json");
  if (!lite || !pg) return;
  const rows: Record<string, { SQLite: string; PostgreSQL: string; "PostgreSQL ÷ SQLite": string; met: string }> = {};
  const row = (name: string, a: number, b: number) =>
    (rows[name] = {
      SQLite: `${Math.round(a)} req/s`,
      PostgreSQL: `${Math.round(b)} req/s`,
      "PostgreSQL ÷ SQLite": (b / a).toFixed(2),
      met: b / a >= 0.8 ? "yes" : "NO",
    });
  for (const run of lite.enrollThroughput?.runs ?? []) {
    const other = pg.enrollThroughput?.runs?.find((r) => r.processes === run.processes);
    if (other) row(`enrollment, ${run.processes} process${run.processes > 1 ? "es" : ""}`, run.rps, other.rps);
  }
  if (lite.catalogPage && pg.catalogPage) row("catalog page under load", lite.catalogPage.rps, pg.catalogPage.rps);
  if (Object.keys(rows).length === 0) return;
  console.log(
    `\nThe engines on this machine (goal: PostgreSQL ≥ 0.8 × SQLite), SQLite at ${lite.run.commit} ${lite.run.date}, PostgreSQL at ${pg.run.commit} ${pg.run.date}`,
  );
  console.table(rows);
}

function printTable(r: Results) {
  const n = (value: number, digits = 1) => value.toLocaleString("en", { maximumFractionDigits: digits });
  const ms = (value: number) => `${n(value)} ms`;
  const rows: Record<
    string,
    { "the app": string; "bare node:http": string; ratio: string; goal: string; met: string }
  > = {};
  const row = (name: string, app: string, bare: string, ratio: string, goal: string, met: boolean) =>
    (rows[name] = { "the app": app, "bare node:http": bare, ratio, goal, met: met ? "yes" : "NO" });
  if (r.stats) {
    const s = r.stats;
    row(
      `dashboard after a change (${n(s.registrations, 0)} registrations)`,
      `p50 ${ms(s.dashboardP50Ms)}, p95 ${ms(s.dashboardP95Ms)}`,
      `p50 ${ms(s.baselineP50Ms)}, p95 ${ms(s.baselineP95Ms)}`,
      "",
      "p95 ≤ 100 ms",
      s.dashboardP95Ms <= 100,
    );
    row("dashboard, event-loop delay while computing", `p99 ${ms(s.eventLoopDelayP99Ms)}`, "", "", "", true);
  }
  for (const [name, e] of [
    ["export CSV", r.exportCsv],
    ["export XLSX", r.exportXlsx],
  ] as const) {
    if (!e) continue;
    const xlsx = name === "export XLSX";
    row(
      `${name} (${n(e.rows, 0)} rows; peak MB, + over the idle server)`,
      `${n(e.seconds, 2)} s, ${n(e.peakRssMb, 0)} MB (+${n(e.peakRssMb - e.idleRssMb, 0)})`,
      `${n(e.baselineSeconds, 2)} s, ${n(e.baselinePeakRssMb, 0)} MB (+${n(e.baselinePeakRssMb - e.baselineIdleRssMb, 0)})`,
      n(e.baselineSeconds / e.seconds, 2),
      xlsx ? "≤ 10 s at ≤ 200 MB" : "≤ 3 s",
      xlsx ? e.seconds <= 10 && e.peakRssMb <= 200 : e.seconds <= 3,
    );
  }
  if (r.exportCsv) {
    const e = r.exportCsv;
    row(
      "idle server memory (1 process, statistics loaded)",
      `${n(e.idleRssMb, 0)} MB`,
      `${n(e.baselineIdleRssMb, 0)} MB`,
      "",
      "",
      true,
    );
  }
  if (r.catalogPage) {
    const c = r.catalogPage;
    row(
      `catalog page, one view at a time (${c.processes} processes)`,
      `p50 ${ms(c.p50Ms)}, p99 ${ms(c.p99Ms)}`,
      "",
      "",
      "p50 ≤ 10 ms",
      c.p50Ms <= 10,
    );
    row(
      `catalog page, ${c.concurrency} clients`,
      `${n(c.rps, 0)} req/s, p50 ${ms(c.loadedP50Ms)}, p99 ${ms(c.loadedP99Ms)}`,
      `${n(c.baselineRps, 0)} req/s`,
      n(c.ratio, 2),
      "ratio ≥ 0.15",
      c.ratio >= 0.15,
    );
  }
  if (r.enrollRace) {
    const e = r.enrollRace;
    row(
      `enrollment race (${e.rounds} rounds of ${e.racers} for ${e.lastSeats} seats, ${Object.keys(e.faultyRoundsByProcesses).join(" and ")} processes)`,
      `${e.overbooked} overbooked; faulty rounds ${JSON.stringify(e.faultyRoundsByProcesses)}`,
      "",
      "",
      "0 overbooked",
      e.overbooked === 0,
    );
  }
  if (r.enrollThroughput) {
    const t = r.enrollThroughput;
    for (const run of t.runs)
      row(
        `enrollment (${t.concurrency} clients, ${run.processes} process${run.processes > 1 ? "es" : ""})`,
        `${n(run.rps, 0)} req/s, p50 ${ms(run.p50Ms)}, p99 ${ms(run.p99Ms)}`,
        `${n(t.baselineRps, 0)} req/s`,
        n(run.rps / t.baselineRps, 2),
        "≥ 1,000/s, p99 ≤ 100 ms",
        run.rps >= 1000 && run.p99Ms <= 100,
      );
    row(
      "the app's floor: GET /healthz, same clients",
      `${n(t.healthzFloor.rps, 0)} req/s, p50 ${ms(t.healthzFloor.p50Ms)}, p99 ${ms(t.healthzFloor.p99Ms)}`,
      "",
      "",
      "",
      true,
    );
  }
  console.log(
    `\nBenchmarks on ${r.run.engine}, ${r.run.cpus} × ${r.run.cpuModel}, Node ${r.run.node}, commit ${r.run.commit}`,
  );
  console.table(rows);
}
