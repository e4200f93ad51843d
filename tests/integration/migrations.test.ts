import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, migrateDatabase } from "../../db/client";
import { createEmptyDatabase } from "../support/database";
import { DATA_MODEL_TABLES } from "../support/data-model";
import { TEST_TMP_DIR } from "../support/paths";

/** Each engine's committed migrations, made by its own drizzle-kit config from the one schema. */
const ENGINES = [
  { dialect: "sqlite", folder: MIGRATIONS_FOLDER, env: {} },
  {
    dialect: "postgresql",
    folder: path.resolve("db/migrations-pg"),
    // The schema builds PostgreSQL's tables for a postgres:// DATABASE_URL; generate never connects.
    env: { DATABASE_URL: "postgres://localhost/drift-check" },
  },
] as const;

/**
 * Runs drizzle-kit generate against a copy of an engine's committed migrations and returns the
 * migration files that it had to add: none means schema and migrations agree.
 */
function migrationsDrizzleKitWouldAdd(schemaPath: string, engine: (typeof ENGINES)[number]): string[] {
  const work = fs.mkdtempSync(path.join(TEST_TMP_DIR, "drift-"));
  const out = path.join(work, "migrations");
  fs.cpSync(engine.folder, out, { recursive: true });
  const config = path.join(work, "drizzle.config.json");
  // drizzle-kit wants paths relative to the working directory.
  const relative = (p: string) => path.relative(process.cwd(), p);
  fs.writeFileSync(
    config,
    JSON.stringify({
      dialect: engine.dialect,
      schema: relative(schemaPath),
      out: relative(out),
      ...(engine.dialect === "postgresql" ? { dbCredentials: { url: engine.env.DATABASE_URL } } : {}),
    }),
  );
  const before = new Set(fs.readdirSync(out));
  const env = { ...process.env, DATABASE_URL: undefined, ...engine.env };
  const output = execFileSync(path.resolve("node_modules/.bin/drizzle-kit"), ["generate", `--config=${config}`], {
    encoding: "utf8",
    stdio: "pipe",
    cwd: process.cwd(),
    env,
  });
  // drizzle-kit can fail and still exit 0; only its two success messages count as an answer.
  expect(output).toMatch(/No schema changes|Your SQL migration file/);
  return fs.readdirSync(out).filter((file) => !before.has(file) && file.endsWith(".sql"));
}

describe.each(ENGINES)("$dialect migrations", (engine) => {
  it("match the drizzle schema (run `npm run db:generate` after changing db/schema)", () => {
    expect(migrationsDrizzleKitWouldAdd(path.resolve("db/schema/index.ts"), engine)).toEqual([]);
  });

  it("would be caught drifting: a table added to the schema alone shows up as a missing migration", () => {
    const schemaCopy = fs.mkdtempSync(path.join(TEST_TMP_DIR, "schema-"));
    fs.cpSync(path.resolve("db/schema"), schemaCopy, { recursive: true });
    fs.appendFileSync(
      path.join(schemaCopy, "index.ts"),
      `\nimport { integer as driftInteger, table as driftTable } from "./dialect";\n` +
        `export const driftProbe = driftTable("drift_probe", { id: driftInteger("id").primaryKey() });\n`,
    );
    expect(migrationsDrizzleKitWouldAdd(path.join(schemaCopy, "index.ts"), engine)).toHaveLength(1);
  });
});

describe("migrations", () => {
  it("create every table of the data model on an empty file", () => {
    const { db } = createEmptyDatabase();
    const tables = db.$client
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' and name not like 'session\\_search\\_%' escape '\\' order by name",
      )
      .pluck()
      .all();
    expect(tables).toEqual(DATA_MODEL_TABLES);
  });

  it("are safe to apply again on an up-to-date database", () => {
    const { db } = createEmptyDatabase();
    expect(() => migrateDatabase(db)).not.toThrow();
  });

  it("leave the connection with WAL, foreign keys and a busy timeout", () => {
    const { db } = createEmptyDatabase();
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBeGreaterThanOrEqual(1000);
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(1); // NORMAL
  });
});
