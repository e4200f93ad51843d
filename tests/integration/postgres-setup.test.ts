/**
 * Setting up on PostgreSQL: the migrations build the data model on an empty database and change
 * nothing when applied again; on a server that lacks something they stop before they change
 * anything, with a message that says what is missing and how to fix it.
 */
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migratePostgres, PG_MIGRATIONS_FOLDER } from "../../db/postgres";
import { DATA_MODEL_TABLES } from "../support/data-model";
import { databaseUrl, onServer, POSTGRES_TEST_PREFIX } from "../support/postgres";

const server = inject("postgresServer");
const suffix = randomUUID().replace(/-/g, "").slice(0, 12);
const role = `app_without_create_${suffix}`;
const database = `${POSTGRES_TEST_PREFIX}no_extensions_${suffix}`;
const empty = `${POSTGRES_TEST_PREFIX}empty_${suffix}`;

afterAll(() =>
  onServer(server, async (client) => {
    await client.query(`drop database if exists ${database} with (force)`);
    await client.query(`drop database if exists ${empty} with (force)`);
    await client.query(`drop role if exists ${role}`);
  }),
);

/** The app's tables and how many migrations the database records as applied. */
async function modelOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "select tablename as name from pg_tables where schemaname = 'public' order by tablename",
    );
    const applied = await client.query<{ count: string }>("select count(*) from drizzle.__drizzle_migrations");
    return { tables: tables.rows.map((row) => row.name), applied: Number(applied.rows[0]?.count) };
  } finally {
    await client.end();
  }
}

describe("migrating PostgreSQL", () => {
  it("creates every table of the data model on an empty database, and changes nothing applied again", async () => {
    await onServer(server, (client) => client.query(`create database ${empty}`));
    const url = databaseUrl(server, empty);
    await migratePostgres(url);
    const committed = JSON.parse(fs.readFileSync(path.join(PG_MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"));
    const migrated = await modelOf(url);
    expect(migrated).toEqual({ tables: DATA_MODEL_TABLES, applied: committed.entries.length });
    await migratePostgres(url);
    expect(await modelOf(url)).toEqual(migrated);
  });

  it("refuses, before any change, a role that may not create the search extensions, and says how to fix it", async () => {
    await onServer(server, async (client) => {
      await client.query(`create role ${role} login`);
      await client.query(`create database ${database}`);
    });
    const asRole = new URL(databaseUrl(server, database));
    asRole.username = role;
    await expect(migratePostgres(asRole.toString())).rejects.toThrow(
      new RegExp(
        `The role ${role} may not create the extensions pg_trgm and unaccent in the database ${database}, ` +
          `which catalog search needs\\. A superuser can run "create extension pg_trgm;" and "create extension unaccent;"`,
      ),
    );
    const client = new pg.Client({ connectionString: databaseUrl(server, database) });
    await client.connect();
    try {
      const { rows } = await client.query(
        "select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
      );
      expect(rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
