import { describe, expect, it } from "vitest";
import { isUniqueViolation } from "../../db/errors";
import { users } from "../../db/schema";
import { createEmptyDatabase } from "../support/database";

function withCountryAndUser() {
  const { db } = createEmptyDatabase();
  const sqlite = db.$client;
  sqlite.prepare("insert into countries (code) values ('BR'), ('CN')").run();
  sqlite.prepare("insert into users (email, name, country_code) values ('Ana@Example.org', 'Ana', 'BR')").run();
  return sqlite;
}

describe("the schema's own rules", () => {
  it("treats e-mail addresses that differ only in case as the same person", () => {
    const sqlite = withCountryAndUser();
    expect(() =>
      sqlite.prepare("insert into users (email, name, country_code) values ('ana@example.ORG', 'Ana 2', 'BR')").run(),
    ).toThrow(/UNIQUE/);
  });

  it("reports a duplicate key as a unique violation, by the driver's code, through drizzle too; not other refusals", () => {
    const { db } = createEmptyDatabase();
    db.$client.prepare("insert into countries (code) values ('BR')").run();
    const add =
      (email: string, countryCode = "BR") =>
      () =>
        db.insert(users).values({ email, name: "Ana", countryCode }).run();
    add("ana@example.org")();
    const caught = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        return error;
      }
      throw new Error("no error");
    };
    expect(isUniqueViolation(caught(add("ANA@example.org")))).toBe(true);
    expect(isUniqueViolation(caught(add("other@example.org", "XX")))).toBe(false);
    expect(isUniqueViolation(new Error("UNIQUE constraint failed"))).toBe(false);
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
  });

  it("refuses a user from a country code that does not exist", () => {
    const sqlite = withCountryAndUser();
    expect(() =>
      sqlite.prepare("insert into users (email, name, country_code) values ('x@example.org', 'X', 'XX')").run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it("refuses staff without an institution", () => {
    const sqlite = withCountryAndUser();
    expect(() =>
      sqlite
        .prepare("insert into users (email, name, country_code, role) values ('s@example.org', 'S', 'CN', 'staff')")
        .run(),
    ).toThrow(/CHECK/);
  });
});
