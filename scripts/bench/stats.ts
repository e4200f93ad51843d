/**
 * The statistics dashboard and the exports of every registration, on the full demo data, each
 * beside the same work done by the bare baseline server (scripts/bench/baseline-server.ts).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { asc, count, eq, sql } from "drizzle-orm";
import { registrations, users } from "../../db/schema";
import { transaction, type Db } from "../../app/utils/db.server";
import { cookiesFor } from "../../tests/support/race";
import { percentile } from "./load";
import { peakRssMb, resetPeakRss, rssMb, timedGet, withApp, withBaseline } from "./support";

export type DashboardResult = {
  registrations: number;
  dashboardP50Ms: number;
  dashboardP95Ms: number;
  eventLoopDelayP99Ms: number;
  dashboardCachedP50Ms: number;
  snapshotLoadMs: number;
  baselineP50Ms: number;
  baselineP95Ms: number;
};

export type ExportResult = {
  rows: number;
  seconds: number;
  /** Peak resident memory during the export, counted from just before it. */
  peakRssMb: number;
  /**
   * Resident memory of the idle server just before the export, its statistics loaded (a
   * dashboard viewed first, as on a server in use): peak − idle is what the export itself takes.
   */
  idleRssMb: number;
  baselineIdleRssMb: number;
  bytes: number;
  baselineSeconds: number;
  baselinePeakRssMb: number;
};

type Progress = (phase: string, done: number, total: number) => void;

const organizerCookie = async (db: Db) => {
  const [organizer] = await db.select({ id: users.id }).from(users).where(eq(users.role, "organizer")).limit(1);
  const [cookie = ""] = await cookiesFor([organizer?.id ?? 0]);
  return cookie;
};

const registrationCount = async (db: Db) => (await db.select({ n: count() }).from(registrations))[0]?.n ?? 0;

/**
 * Dashboard latency over HTTP, each view right after a real change to the data (a day of
 * attendance recorded), so the server must bring its figures up to date rather than answer
 * from its cache; then the event-loop delay while figures are recomputed, in this process.
 */
export async function benchDashboard({
  db,
  databasePath,
  views,
  progress,
}: {
  db: Db;
  databasePath: string;
  views: number;
  progress: Progress;
}): Promise<DashboardResult> {
  const total = await registrationCount(db);
  const cookie = await organizerCookie(db);
  const [some] = await db
    .select({ id: registrations.id })
    .from(registrations)
    .where(eq(registrations.status, "confirmed"))
    .orderBy(asc(registrations.id))
    .limit(1);
  // A change the statistics must read (its trigger logs it), which changes no figure.
  const recordChange = () =>
    transaction(db, (tx) =>
      tx
        .update(registrations)
        .set({ attendedDays: sql`${registrations.attendedDays}` })
        .where(eq(registrations.id, some?.id ?? 0)),
    );

  const measure = async (url: string, headers: Record<string, string>, label: string) => {
    const changed: number[] = [];
    const cached: number[] = [];
    await timedGet(url, headers);
    for (let i = 0; i < views; i++) {
      await recordChange();
      changed.push((await timedGet(url, headers)).ms);
      cached.push((await timedGet(url, headers)).ms);
      progress(label, i + 1, views);
    }
    return { changed: changed.sort((a, b) => a - b), cached: cached.sort((a, b) => a - b) };
  };

  const app = await withApp(databasePath, 1, (server) =>
    measure(`${server.url}/admin/stats`, { Cookie: cookie }, "dashboard, the app"),
  );
  const bare = await withBaseline(databasePath, (baseline) =>
    measure(`${baseline.url}/stats`, {}, "dashboard, bare node:http"),
  );

  // In this process: the first computation reads every registration; then changes and recomputations.
  const { computeStats } = await import("../../app/models/stats.server");
  const loadStarted = performance.now();
  await computeStats(db, {}, "en");
  const snapshotLoadMs = performance.now() - loadStarted;
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  for (let i = 0; i < 20; i++) {
    await recordChange();
    await computeStats(db, {}, "en");
    await new Promise((resolve) => setImmediate(resolve));
  }
  histogram.disable();

  return {
    registrations: total,
    dashboardP50Ms: percentile(app.changed, 50),
    dashboardP95Ms: percentile(app.changed, 95),
    eventLoopDelayP99Ms: histogram.percentile(99) / 1e6,
    dashboardCachedP50Ms: percentile(app.cached, 50),
    snapshotLoadMs,
    baselineP50Ms: percentile(bare.changed, 50),
    baselineP95Ms: percentile(bare.changed, 95),
  };
}

/** Each export of every registration from a freshly started server, and the same rows from the baseline. */
export async function benchExports({
  db,
  databasePath,
  progress,
}: {
  db: Db;
  databasePath: string;
  progress: Progress;
}): Promise<{ exportCsv: ExportResult; exportXlsx: ExportResult }> {
  const rows = await registrationCount(db);
  const cookie = await organizerCookie(db);
  const results: Record<string, ExportResult> = {};
  for (const kind of ["csv", "xlsx"] as const) {
    // The CSV of every registration, and the workbook whose last sheet holds them.
    const path = kind === "csv" ? "/admin/stats/export.csv?table=registrations" : "/admin/stats/export.xlsx";
    const app = await withApp(databasePath, 1, async (server) => {
      // The statistics snapshot grows with the registrations and is the server's whichever
      // page loads it first; the workbook needs it. Loaded before, so the peak is the export's.
      await timedGet(`${server.url}/admin/stats`, { Cookie: cookie });
      const idleRss = await settledRssMb(server.process.pid ?? 0);
      return {
        idleRss,
        ...(await timedGet(`${server.url}${path}`, { Cookie: cookie })),
        rss: peakRssMb(server.process.pid ?? 0),
      };
    });
    progress(`export ${kind}`, 1, 2);
    const bare = await withBaseline(databasePath, async (baseline) => {
      await timedGet(`${baseline.url}/stats`);
      const idleRss = await settledRssMb(baseline.pid);
      return { idleRss, ...(await timedGet(`${baseline.url}/export.${kind}`)), rss: peakRssMb(baseline.pid) };
    });
    progress(`export ${kind}`, 2, 2);
    results[kind] = {
      rows,
      seconds: app.ms / 1000,
      peakRssMb: app.rss,
      bytes: app.bytes,
      baselineSeconds: bare.ms / 1000,
      baselinePeakRssMb: bare.rss,
      idleRssMb: app.idleRss,
      baselineIdleRssMb: bare.idleRss,
    };
  }
  return { exportCsv: results.csv as ExportResult, exportXlsx: results.xlsx as ExportResult };
}

/**
 * Resident memory once a server has settled (its start-up work and timers done); its peak is
 * counted again from here.
 */
async function settledRssMb(pid: number): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  resetPeakRss(pid);
  return rssMb(pid);
}
