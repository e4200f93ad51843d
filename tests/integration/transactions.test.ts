/**
 * The SQLite transaction primitive: why transactions queue within the process, and what the two
 * connections guarantee. Real files, real connections; no part of the database is replaced.
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

  it("rolls back everything when the work throws, and the next transaction still runs", async () => {
    const { db } = createEmptyAppDatabase();
    const failing = transaction(db, async (tx) => {
      await tx.insert(countries).values({ code: "AA" });
      await nextTurn();
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    await transaction(db, async (tx) => void (await tx.insert(countries).values({ code: "BB" })));
    expect((await db.select().from(countries)).map((row) => row.code)).toEqual(["BB"]);
  });

  it("refuses a transaction opened inside another instead of waiting for it forever", async () => {
    const { db } = createEmptyAppDatabase();
    await expect(transaction(db, () => transaction(db, async () => "inner"))).rejects.toThrow(/inside another/);
    // The queue is free again afterwards.
    await expect(transaction(db, async () => "next")).resolves.toBe("next");
  });

  it("reads on the database never see another request's uncommitted writes, and cannot write", async () => {
    const { db } = createEmptyAppDatabase();
    let seenDuring: string[] = [];
    await transaction(db, async (tx) => {
      await tx.insert(countries).values({ code: "AA" });
      seenDuring = (await db.select().from(countries)).map((row) => row.code);
    });
    expect(seenDuring).toEqual([]);
    expect((await db.select().from(countries)).map((row) => row.code)).toEqual(["AA"]);
    expect(() => db.$client.prepare("insert into countries (code) values ('CC')").run()).toThrow(/readonly/i);
  });
});
