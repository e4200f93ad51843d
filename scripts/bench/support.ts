/** Shared parts of the benchmarks: the demo database, the bare baseline server, process memory. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { migrateDatabase, openDatabase } from "../../db/client";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/seed-demo";
import { ARGON2_OPTIONS } from "../../app/utils/password-options";
import { freePort, startServer, type RunningServer } from "../../tests/support/race";
import { SERVER_NODE_OPTIONS } from "../../tests/support/server-command";

/** A fresh database with the full demo data (20,000 trainees, 160,000 registrations by default), unless `reuse` finds one. */
export async function prepareDemoDatabase(
  file: string,
  { reuse = false, trainees = 20_000, registrations = 160_000 } = {},
): Promise<void> {
  if (reuse && fs.existsSync(file)) {
    const db = openDatabase(file);
    migrateDatabase(db);
    db.$client.close();
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
  const db = openDatabase(file);
  migrateDatabase(db);
  seedDemo(db, { trainees, registrations, passwordHash: await hash(DEMO_PASSWORD, ARGON2_OPTIONS) });
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
}

export type Baseline = { url: string; pid: number; stop: () => Promise<void> };

const BASELINE_BUNDLE = ".bench/baseline-server.js";
const require = createRequire(import.meta.url);
let baselineBuilt = false;

/**
 * Starts scripts/bench/baseline-server.ts (bare node:http) on the database file, bundled to plain
 * JavaScript first, as server.ts is, so that neither carries a TypeScript compiler in memory.
 */
export async function startBaseline(databasePath: string): Promise<Baseline> {
  if (!baselineBuilt) {
    await build({
      entryPoints: ["scripts/bench/baseline-server.ts"],
      bundle: true,
      platform: "node",
      target: "node20",
      format: "esm",
      packages: "external",
      outfile: BASELINE_BUNDLE,
      logLevel: "warning",
      // Node's ESM loader needs an import attribute for a package's JSON file: bundle those instead.
      plugins: [
        {
          name: "bundle-json",
          setup(bundler) {
            bundler.onResolve({ filter: /\.json$/ }, (args) => ({ path: require.resolve(args.path) }));
          },
        },
      ],
    });
    baselineBuilt = true;
  }
  const port = await freePort();
  // Node's options as the app server has them (npm start): the same young generation, like with like.
  const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, BASELINE_BUNDLE], {
    env: { ...process.env, DATABASE_PATH: databasePath, PORT: String(port), LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`The baseline server stopped (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** Runs `work` against the real server (server.ts, the built app) on the file, then stops it, whatever happened. */
export async function withApp<T>(
  databasePath: string,
  workers: number,
  work: (server: RunningServer) => Promise<T>,
): Promise<T> {
  const server = await startServer({ databasePath, workers });
  try {
    return await work(server);
  } finally {
    await server.stop();
  }
}

/** Runs `work` against the bare baseline server on the file, then stops it, whatever happened. */
export async function withBaseline<T>(databasePath: string, work: (baseline: Baseline) => Promise<T>): Promise<T> {
  const baseline = await startBaseline(databasePath);
  try {
    return await work(baseline);
  } finally {
    await baseline.stop();
  }
}

/** Peak resident memory of a process so far, from /proc (VmHWM), in MB. */
export function peakRssMb(pid: number): number {
  return procStatusMb(pid, "VmHWM");
}

/** Starts a process's peak resident memory (VmHWM) again from what it holds now (Linux 4.0 and later). */
export function resetPeakRss(pid: number): void {
  fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

/** Resident memory of a process now, from /proc (VmRSS), in MB. */
export function rssMb(pid: number): number {
  return procStatusMb(pid, "VmRSS");
}

function procStatusMb(pid: number, field: "VmHWM" | "VmRSS"): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) / 1024;
}

/** Fetches a URL to the end; its time in ms and size in bytes. */
export async function timedGet(url: string, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(url, { headers });
  const bytes = (await response.arrayBuffer()).byteLength;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return { ms: performance.now() - started, bytes };
}
