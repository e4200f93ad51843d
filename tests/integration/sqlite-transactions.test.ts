/**
 * What only SQLite's transactions need: why they queue within the process (one writing
 * connection), and the reading connection that cannot write. What transactions guarantee on
 * either engine is in transactions.test.ts. Real files, real connections.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { transaction, unqueuedTransactionForTests, type AppDatabase, type Tx } from "../../db/client";
import { countries } from "../../db/schema";
import { createEmptyAppDatabase } from "../support/database";

/** Two "requests" that each check a country is missing, yield to the event loop, then add it. */
async function twoRequests(db: AppDatabase, run: typeof transaction) {
  const events: string[] = [];
  const request = (name: string, code: string) =>
    run(db, async (tx: Tx) => {
      events.push(`${name} begins`);
      const [existing] = await tx.select().from(countries).where(eq(countries.code, code));
      // A real request awaits between statements (another model function, a hash, a look-up).
      await nextTurn();
      if (!existing) await tx.insert(countries).values({ code });
      events.push(`${name} commits`);
    });
  const outcomes = await Promise.allSettled([request("A", "AA"), request("B", "BB")]);
  return { events, outcomes };
}

describe("transactions on SQLite", () => {
  it("without the queue, a second request's statements run while the first transaction is open", async () => {
    const { db } = createEmptyAppDatabase();
    const { events, outcomes } = await twoRequests(db, unqueuedTransactionForTests);
    // B began between A's statements, on the connection A's transaction holds: SQLite refuses
    // the nested BEGIN (had B not begun its own, its writes would have joined A's transaction).
    expect(events).toEqual(["A begins", "A commits"]);
    expect(outcomes[0]?.status).toBe("fulfilled");
    expect(outcomes[1]).toMatchObject({
      status: "rejected",
      reason: { message: expect.stringMatching(/within a transaction/) },
    });
  });

  it("with the queue, each transaction runs alone from its first statement to its commit", async () => {
    const { db } = createEmptyAppDatabase();
    const { events, outcomes } = await twoRequests(db, transaction);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(events).toEqual(["A begins", "A commits", "B begins", "B commits"]);
    expect((await db.select().from(countries)).map((row) => row.code).sort()).toEqual(["AA", "BB"]);
  });

  it("reads run on a connection of their own, which cannot write", async () => {
    const { db } = createEmptyAppDatabase();
    expect(() => db.$client.prepare("insert into countries (code) values ('CC')").run()).toThrow(/readonly/i);
    expect(await db.select().from(countries)).toEqual([]);
  });
});
