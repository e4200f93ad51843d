import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA_DIALECT } from "../../db/schema/dialect";
import { schemaShape } from "../support/schema-shape";

/** The shape of the tables a process builds for `databaseUrl`'s engine. */
function shapeBuiltFor(databaseUrl: string | undefined) {
  const output = execFileSync(path.resolve("node_modules/.bin/tsx"), ["tests/support/schema-shape.ts"], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return JSON.parse(output) as ReturnType<typeof schemaShape>;
}

describe("the schema on both engines", () => {
  it("builds tables with the same names, columns and value types for SQLite and PostgreSQL", () => {
    const sqlite = shapeBuiltFor(undefined);
    const postgres = shapeBuiltFor("postgres://localhost/shape-check");
    expect(Object.keys(sqlite).length).toBeGreaterThan(20);
    expect(postgres).toEqual(sqlite);
    // The kinds really differ per engine underneath: this is not one build compared with itself.
    expect(sqlite.users?.createdAt?.kind).toBe("date");
    expect(sqlite.attendance?.attended?.kind).toBe("boolean");
  });

  it("builds this process's tables for the engine its DATABASE_URL names", () => {
    expect(SCHEMA_DIALECT).toBe(/^postgres/.test(process.env.DATABASE_URL ?? "") ? "postgresql" : "sqlite");
    expect(schemaShape()).toEqual(shapeBuiltFor(process.env.DATABASE_URL));
  });
});
