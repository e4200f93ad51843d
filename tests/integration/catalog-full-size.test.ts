import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { seedDemo } from "../../db/seed/seed-demo";
import { EMPTY_BASE_DB, TEST_TMP_DIR } from "../support/paths";
import { routeArgs } from "../support/route-args";

// This file works on the demo data at full size (about 320 courses, 2,000+ sessions), not on
// the small shared base: the app's handle opens DATABASE_PATH lazily, so point it here first.
const file = path.join(TEST_TMP_DIR, `full-${randomUUID()}.db`);
fs.copyFileSync(EMPTY_BASE_DB, file);
process.env.DATABASE_PATH = file;

beforeAll(() => {
  const db = openDatabase(file);
  seedDemo(db, { trainees: 20_000, registrations: 160_000, passwordHash: "not-used-here" });
  db.$client.close();
}, 120_000);

describe("the catalog at full size", () => {
  it("has the alliance's volume: about 320 courses and over 2,000 sessions", async () => {
    const { getDb } = await import("~/utils/db.server");
    const sqlite = getDb().$client;
    expect(sqlite.prepare("select count(*) from courses").pluck().get()).toBeGreaterThanOrEqual(320);
    expect(sqlite.prepare("select count(*) from training_sessions").pluck().get()).toBeGreaterThan(2000);
    expect(sqlite.prepare("select count(*) from registrations").pluck().get()).toBe(160_000);
  });

  it("serves a catalog page with a fixed number of statements, however many sessions it shows", async () => {
    const { getDb } = await import("~/utils/db.server");
    const { loader } = await import("~/routes/catalog");
    const sqlite = getDb().$client;
    const original = sqlite.prepare.bind(sqlite);
    const counts: number[] = [];
    // Once before counting, so the lists every page shows (kept until the catalog changes) are in place.
    await loader(routeArgs({ request: new Request("http://localhost/catalog"), params: {}, context: {} }));
    for (const url of ["/catalog", "/catalog?page=3", "/catalog?from=2021-01-01", "/catalog?q=smart&seats=1"]) {
      let count = 0;
      sqlite.prepare = ((source: string) => {
        count++;
        return original(source);
      }) as typeof sqlite.prepare;
      const result = (await loader(
        routeArgs({ request: new Request(`http://localhost${url}`), params: {}, context: {} }),
      )) as {
        sessions: unknown[];
      };
      sqlite.prepare = original;
      expect(result.sessions.length).toBeGreaterThan(0);
      counts.push(count);
    }
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeLessThanOrEqual(6);
  });
});
