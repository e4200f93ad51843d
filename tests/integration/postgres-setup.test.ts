/**
 * Setting up on a PostgreSQL server that lacks something: the migration stops before it changes
 * anything, with a message that says what is missing and how to fix it.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { migratePostgres } from "../../db/postgres";
import { databaseUrl, onServer, POSTGRES_TEST_PREFIX } from "../support/postgres";

const server = inject("postgresServer");
const suffix = randomUUID().replace(/-/g, "").slice(0, 12);
const role = `app_without_create_${suffix}`;
const database = `${POSTGRES_TEST_PREFIX}no_extensions_${suffix}`;

afterAll(() =>
  onServer(server, async (client) => {
    await client.query(`drop database if exists ${database} with (force)`);
    await client.query(`drop role if exists ${role}`);
  }),
);

describe("migrating PostgreSQL", () => {
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
