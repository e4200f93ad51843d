/**
 * On PostgreSQL each connection parses and plans a statement once and runs it again by name
 * (db/postgres.ts, NamingClient): unnamed, the catalog's first page spent as long being planned
 * as being run, on every view.
 */
import { eq, sql } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closeAppDatabase } from "../../db/client";
import { openPostgresDatabase } from "../../db/postgres";
import { searchSessions } from "~/models/catalog.server";
import { preparedStatements, transaction, withSeatLock, type Tx } from "~/utils/db.server";
import { institutions, trainingSessions } from "../../db/schema";

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

  it("built in one transaction, run in the next on the same connection, inside that transaction", async () => {
    let builds = 0;
    const statements = preparedStatements((tx: Tx) => {
      builds++;
      return {
        cityOf: tx
          .select({ city: institutions.city })
          .from(institutions)
          .where(eq(institutions.slug, sql.placeholder("slug")))
          .prepare(),
      };
    });
    const [first] = await db.select({ slug: institutions.slug, city: institutions.city }).from(institutions).limit(1);
    if (!first) throw new Error("The seeded base has no institution");
    const changed = { ...first.city, en: `${first.city.en ?? ""} (changed)` };
    const read = await transaction(db, async (tx) => statements(tx).cityOf.execute({ slug: first.slug }));
    // The second transaction's change, not yet committed, is what its statement reads: it runs
    // on this transaction's connection, inside it. Rolled back after.
    const inside = await transaction(db, async (tx) => {
      await tx.update(institutions).set({ city: changed }).where(eq(institutions.slug, first.slug));
      const [row] = await statements(tx).cityOf.execute({ slug: first.slug });
      throw Object.assign(new Error("roll back"), { row });
    }).catch((error: { row?: unknown }) => error.row);
    expect(read).toEqual([{ city: first.city }]);
    expect(inside).toEqual({ city: changed });
    expect(builds).toBe(1);
    const [after] = await db
      .select({ city: institutions.city })
      .from(institutions)
      .where(eq(institutions.slug, first.slug));
    expect(after).toEqual({ city: first.city });
  });

  it("begin a seat decision and take its lock in one round trip, the lock held until the commit", async () => {
    const [session] = await db.select({ id: trainingSessions.id }).from(trainingSessions).limit(1);
    if (!session) throw new Error("The seeded base has no session");
    // What reaches the server: node-postgres's own query, under the naming client.
    const sent = vi.spyOn(pg.Client.prototype, "query");
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    try {
      const lockedMeanwhile = await withSeatLock(db, [session.id], async (tx) => {
        await tx.select({ id: trainingSessions.id }).from(trainingSessions).where(eq(trainingSessions.id, session.id));
        // Another connection cannot take the row now: the lock came with the begin, inside the transaction.
        return other
          .query("select id from training_sessions where id = $1 for no key update nowait", [session.id])
          .then(
            () => false,
            (error: { code?: string }) => error.code === "55P03",
          );
      });
      const texts = (sent.mock.calls as unknown[][])
        .filter(([, ...rest]) => rest.length === 0 || Array.isArray(rest[0]))
        .map(([config]) => (typeof config === "string" ? config : (config as { text: string }).text));
      const ours = texts.slice(0, texts.indexOf("commit") + 1).filter((text) => !text.includes("nowait"));
      expect(lockedMeanwhile).toBe(true);
      expect(ours).toEqual([
        `begin isolation level read committed; select id from training_sessions where id in (${session.id}) order by id for no key update`,
        expect.stringMatching(/^select "id" from "training_sessions" where/),
        "commit",
      ]);
      // Committed: the row is free again.
      await other.query("select id from training_sessions where id = $1 for no key update nowait", [session.id]);
    } finally {
      sent.mockRestore();
      await other.end();
    }
  });
});
