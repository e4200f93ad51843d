/**
 * What `transaction` guarantees on either engine (this file runs on SQLite and on PostgreSQL):
 * all or nothing, no transaction inside another, nothing seen by others before the commit, and
 * two requests that await between their statements each commit their own work. Why SQLite's
 * transactions queue within the process is in sqlite-transactions.test.ts.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { inArray } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { getDb, transaction, type Tx } from "~/utils/db.server";
import { countries } from "../../db/schema";

/** Codes ISO 3166 leaves for private use: never a seeded country. */
const CODES = ["XA", "XB", "XC"];
const codesPresent = async () =>
  (await getDb().select().from(countries).where(inArray(countries.code, CODES))).map((row) => row.code).sort();

// The file's database is shared by its tests: each starts without the codes.
afterEach(() =>
  transaction(getDb(), async (tx) => void (await tx.delete(countries).where(inArray(countries.code, CODES)))),
);

describe("transactions", () => {
  it("roll back everything when the work throws, and the next transaction still runs", async () => {
    const db = getDb();
    const failing = transaction(db, async (tx) => {
      await tx.insert(countries).values({ code: "XA" });
      await nextTurn();
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    await transaction(db, async (tx) => void (await tx.insert(countries).values({ code: "XB" })));
    expect(await codesPresent()).toEqual(["XB"]);
  });

  it("refuse a transaction opened inside another instead of waiting for it forever", async () => {
    const db = getDb();
    await expect(transaction(db, () => transaction(db, async () => "inner"))).rejects.toThrow(/inside another/);
    // Transactions run again afterwards.
    await expect(transaction(db, async () => "next")).resolves.toBe("next");
  });

  it("are not seen by reads on the database before they commit", async () => {
    const db = getDb();
    let seenDuring: string[] = ["not read"];
    await transaction(db, async (tx) => {
      await tx.insert(countries).values({ code: "XC" });
      seenDuring = await codesPresent();
    });
    expect(seenDuring).toEqual([]);
    expect(await codesPresent()).toEqual(["XC"]);
  });

  it("of two requests that await between their statements each commit their own rows", async () => {
    const db = getDb();
    const request = (code: string) =>
      transaction(db, async (tx: Tx) => {
        const [existing] = await tx
          .select()
          .from(countries)
          .where(inArray(countries.code, [code]));
        // A real request awaits between statements (another model function, a hash, a look-up).
        await nextTurn();
        if (!existing) await tx.insert(countries).values({ code });
        await nextTurn();
        return code;
      });
    expect(await Promise.all([request("XA"), request("XB")])).toEqual(["XA", "XB"]);
    expect(await codesPresent()).toEqual(["XA", "XB"]);
  });
});
