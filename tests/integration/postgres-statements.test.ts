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

/** A seeded session's id, and a seat decision's read of it. */
async function aSession() {
  const [session] = await db.select({ id: trainingSessions.id }).from(trainingSessions).limit(1);
  if (!session) throw new Error("The seeded base has no session");
  const read = (tx: Tx) =>
    tx.select({ id: trainingSessions.id }).from(trainingSessions).where(eq(trainingSessions.id, session.id));
  return { id: session.id, read };
}

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

  it("begin a seat decision, take its lock and read in one round trip, the lock held until the commit", async () => {
    const session = await aSession();
    const lockText = `select id from training_sessions where id in (${session.id}) order by id for no key update`;
    const other = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await other.connect();
    const takenMeanwhile = () =>
      other.query("select id from training_sessions where id = $1 for no key update nowait", [session.id]).then(
        () => false,
        (error: { code?: string }) => error.code === "55P03",
      );
    // What reaches node-postgres's own query under the naming client: a text, or a query that
    // carries the statements held before its own.
    const sent = vi.spyOn(pg.Client.prototype, "query");
    const texts = () =>
      (sent.mock.calls as unknown[][])
        .map(([config]) =>
          typeof config === "string"
            ? [config]
            : [...((config as { held?: string[] }).held ?? []), (config as { text: string }).text],
        )
        .filter((batch) => !batch.some((text) => text.includes("nowait")));
    try {
      // The read's first run on this connection: parsed on its own, after the begin and the lock.
      const first = await withSeatLock(db, [session.id], async (tx) => [
        await session.read(tx),
        await takenMeanwhile(),
      ]);
      expect(first).toEqual([[{ id: session.id }], true]);
      expect(texts()).toEqual([
        [`begin isolation level read committed; ${lockText}`],
        [expect.stringMatching(/^select "id" from "training_sessions" where/)],
        ["commit"],
      ]);
      sent.mockClear();
      // From then on the begin and the lock go with it; another connection is refused the row
      // until the commit.
      const again = await withSeatLock(db, [session.id], async (tx) => [
        await session.read(tx),
        await takenMeanwhile(),
      ]);
      expect(again).toEqual([[{ id: session.id }], true]);
      expect(texts()).toEqual([
        [
          "begin isolation level read committed",
          lockText,
          expect.stringMatching(/^select "id" from "training_sessions"/),
        ],
        ["commit"],
      ]);
      expect(await takenMeanwhile()).toBe(false);
    } finally {
      sent.mockRestore();
      await other.end();
    }
  });

  it("the statement sent with the lock sees what was committed while the lock was waited for", async () => {
    const session = await aSession();
    const [institution] = await db
      .select({ slug: institutions.slug, city: institutions.city })
      .from(institutions)
      .limit(1);
    if (!institution) throw new Error("The seeded base has no institution");
    const cityOf = (tx: Tx) =>
      tx.select({ city: institutions.city }).from(institutions).where(eq(institutions.slug, institution.slug));
    await withSeatLock(db, [session.id], cityOf); // parsed: the next decision sends it with the lock
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const watcher = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await Promise.all([holder.connect(), watcher.connect()]);
    const changed = { ...institution.city, en: `${institution.city.en ?? ""} (moved)` };
    try {
      // Another decision holds the session and changes another table, not yet committed.
      await holder.query("begin");
      await holder.query("select id from training_sessions where id = $1 for no key update", [session.id]);
      await holder.query("update institutions set city = $1 where slug = $2", [changed, institution.slug]);
      const decision = withSeatLock(db, [session.id], cityOf);
      // Ours waits for the row (seen by the server), then the holder commits.
      await expect
        .poll(async () => {
          const { rows } = await watcher.query<{ waiting: number }>(
            "select count(*) as waiting from pg_stat_activity where wait_event_type = 'Lock' and query like 'select id from training_sessions where id in%'",
          );
          return Number(rows[0]?.waiting);
        })
        .toBe(1);
      await holder.query("commit");
      // Its read started after the lock was granted: it sees the holder's change.
      expect(await decision).toEqual([{ city: changed }]);
    } finally {
      await holder.query("rollback").catch(() => undefined);
      await holder.query("update institutions set city = $1 where slug = $2", [institution.city, institution.slug]);
      await Promise.all([holder.end(), watcher.end()]);
    }
  });

  it("a lock refused in the round trip fails the decision, and the connection decides again after", async () => {
    const session = await aSession();
    await withSeatLock(db, [session.id], session.read); // parsed: the lock goes with it from now on
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    const handle = db as unknown as NodePgDatabase;
    try {
      await holder.query("begin");
      await holder.query("select id from training_sessions where id = $1 for no key update", [session.id]);
      await handle.execute(sql`set lock_timeout = '50ms'`); // the pool's one connection
      const refused = await withSeatLock(db, [session.id], session.read).catch(
        (error: { code?: string; cause?: { code?: string } }) => error.cause?.code ?? error.code,
      );
      expect(refused).toBe("55P03");
      await holder.query("commit");
      expect(await withSeatLock(db, [session.id], session.read)).toEqual([{ id: session.id }]);
    } finally {
      await handle.execute(sql`reset lock_timeout`);
      await holder.query("rollback").catch(() => undefined);
      await holder.end();
    }
  });
});
