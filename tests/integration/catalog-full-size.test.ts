import { execFileSync } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { count } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { courses, registrations, trainingSessions } from "../../db/schema";
import { TEST_TMP_DIR } from "../support/paths";
import { databaseUrl, onServer, POSTGRES_TEST_PREFIX } from "../support/postgres";
import { routeArgs } from "../support/route-args";

// This file works on the demo data at full size (about 320 courses, 2,000+ sessions), not on
// the small shared base: the app's handle opens its database lazily, so point it here first.
// The data is made as an installation makes it, by `npm run seed:demo` (in a process of its own:
// it writes SQLite, and this process's schema is built for the engine under test); on
// PostgreSQL it is then copied into an empty database of its own with db:copy, as an
// installation moving to PostgreSQL would do.
const onPostgres = process.env.TEST_ENGINE === "postgresql";
const file = path.join(TEST_TMP_DIR, `full-${randomUUID()}.db`);
process.env.DATABASE_PATH = file;

beforeAll(async () => {
  const { DATABASE_URL: _engineUnderTest, ...sqliteEnv } = process.env;
  const quiet = { stdio: "pipe", env: { ...sqliteEnv, LOG_LEVEL: "warn" } } as const;
  execFileSync(process.execPath, ["--import", "tsx", "scripts/seed-demo.ts"], quiet);
  if (!onPostgres) return;
  const server = inject("postgresServer");
  const name = `${POSTGRES_TEST_PREFIX}full_${randomUUID().replace(/-/g, "")}`;
  await onServer(server, (client) => client.query(`create database ${name}`));
  process.env.DATABASE_URL = databaseUrl(server, name);
  execFileSync(
    process.execPath,
    ["--import", "tsx", "scripts/db-copy.ts", "--to", process.env.DATABASE_URL, "--from", file],
    quiet,
  );
}, 240_000);

/**
 * Counts the statements the app's handle sends while `work` runs: on SQLite those it compiles
 * (every statement but the few kept prepared), on PostgreSQL every one the pool is given.
 */
async function countStatements(work: () => Promise<void>): Promise<number> {
  const { getDb } = await import("~/utils/db.server");
  const client = getDb().$client as unknown as { prepare?: (source: string) => unknown; query?: pg.Pool["query"] };
  const method = onPostgres ? "query" : "prepare";
  const original = client[method];
  if (typeof original !== "function") throw new Error(`The database handle has no ${method}()`);
  let n = 0;
  client[method] = ((...args: unknown[]) => {
    n++;
    return (original as (...a: unknown[]) => unknown).apply(client, args);
  }) as never;
  try {
    await work();
  } finally {
    client[method] = original as never;
  }
  return n;
}

describe("the catalog at full size", () => {
  it("has the alliance's volume: about 320 courses and over 2,000 sessions", async () => {
    const { getDb } = await import("~/utils/db.server");
    const rows = async (table: typeof courses | typeof trainingSessions | typeof registrations) =>
      (await getDb().select({ n: count() }).from(table))[0]?.n ?? 0;
    expect(await rows(courses)).toBeGreaterThanOrEqual(320);
    expect(await rows(trainingSessions)).toBeGreaterThan(2000);
    expect(await rows(registrations)).toBe(160_000);
  });

  it("serves a catalog page with a fixed number of statements, however many sessions it shows", async () => {
    const { loader } = await import("~/routes/catalog");
    const load = async (url: string) =>
      (await loader(routeArgs({ request: new Request(`http://localhost${url}`), params: {}, context: {} }))) as {
        sessions: unknown[];
      };
    // Once before counting, so the lists every page shows (kept until the catalog changes) are in place.
    await load("/catalog");
    const counts: number[] = [];
    for (const url of ["/catalog", "/catalog?page=3", "/catalog?from=2021-01-01", "/catalog?q=smart&seats=1"]) {
      let shown = 0;
      counts.push(
        await countStatements(async () => {
          shown = (await load(url)).sessions.length;
        }),
      );
      expect(shown).toBeGreaterThan(0);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[0]).toBeLessThanOrEqual(6);
  });
});
