/**
 * The rules the schema itself enforces, whatever code writes: on SQLite and on PostgreSQL alike,
 * each refusal classified the same way by db/errors.ts (by the driver's code, never its message).
 */
import { describe, expect, it } from "vitest";
import { getDb, transaction } from "~/utils/db.server";
import { isCheckViolation, isForeignKeyViolation, isUniqueViolation } from "../../db/errors";
import { users } from "../../db/schema";

const run = Date.now();
const addUser = (values: { email: string; countryCode?: string; role?: "trainee" | "staff" }) =>
  transaction(getDb(), (tx) => tx.insert(users).values({ name: "Ana", countryCode: "BR", role: "trainee", ...values }));
async function refusal(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("The database took what it should have refused.");
}

describe("the schema's own rules", () => {
  it("treats e-mail addresses that differ only in case as the same person, and says so as a unique violation", async () => {
    await addUser({ email: `Rules.Ana.${run}@Example.org` });
    const error = await refusal(addUser({ email: `rules.ana.${run}@example.ORG` }));
    expect(isUniqueViolation(error)).toBe(true);
    expect(isForeignKeyViolation(error) || isCheckViolation(error)).toBe(false);
  });

  it("refuses a user from a country code that does not exist, as a foreign-key violation", async () => {
    const error = await refusal(addUser({ email: `rules.nowhere.${run}@example.org`, countryCode: "XX" }));
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
  });

  it("refuses staff without an institution, as a check violation", async () => {
    const error = await refusal(addUser({ email: `rules.staff.${run}@example.org`, role: "staff" }));
    expect(isCheckViolation(error)).toBe(true);
    expect(isUniqueViolation(error)).toBe(false);
  });

  it("classifies by code alone: a message that looks like one is not a violation", () => {
    expect(isUniqueViolation(new Error("UNIQUE constraint failed"))).toBe(false);
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation({ cause: { code: "SQLITE_CONSTRAINT_UNIQUE" } })).toBe(true);
    expect(isForeignKeyViolation({ code: "23503" })).toBe(true);
    expect(isCheckViolation({ code: "SQLITE_CONSTRAINT_CHECK" })).toBe(true);
  });
});
