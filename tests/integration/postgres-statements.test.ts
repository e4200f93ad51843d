/**
 * On PostgreSQL each connection parses and plans a statement once and runs it again by name
 * (db/postgres.ts, NamingClient): unnamed, the catalog's first page spent as long being planned
 * as being run, on every view.
 */
import { sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { afterAll, describe, expect, it } from "vitest";
import { closeAppDatabase } from "../../db/client";
import { openPostgresDatabase } from "../../db/postgres";
import { searchSessions } from "~/models/catalog.server";

// One connection, so the statements below and the look at what it has prepared share it.
const db = openPostgresDatabase(process.env.DATABASE_URL ?? "", { poolSize: 1 });
afterAll(() => closeAppDatabase(db));

type Prepared = { name: string; statement: string; runs: number };

describe("statements on PostgreSQL", () => {
  it("are prepared once per connection and run again by name, each view of the catalog the same answer", async () => {
    const views = [];
    for (let view = 0; view < 3; view++) views.push(await searchSessions(db, { locale: "en", now: new Date(0) }));
    expect(views[0]!.total).toBeGreaterThan(0);
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);

    const { rows } = await (db as unknown as NodePgDatabase).execute(
      sql`select name, statement, generic_plans + custom_plans as runs from pg_prepared_statements`,
    );
    const prepared = rows as Prepared[];
    const page = prepared.filter((p) => p.statement.startsWith('select "training_sessions"."id"'));
    const total = prepared.filter((p) => p.statement.startsWith("select count(*)"));
    // One statement each for the page and its total, each run three times.
    expect(page.map((p) => [p.name.startsWith("s"), Number(p.runs)])).toEqual([[true, 3]]);
    expect(total.map((p) => Number(p.runs))).toEqual([3]);
  });
});
