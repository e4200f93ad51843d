/**
 * The raw SQL of the engine this process runs on, chosen once with the schema (db/schema/dialect.ts).
 * Models import `engineSql` from here; nothing else in app/ writes engine-specific SQL.
 */
import { SCHEMA_DIALECT } from "../../../db/schema/dialect";
import { postgresqlSql } from "./postgresql.server";
import { sqliteSql } from "./sqlite.server";
import type { EngineSql } from "./types";

export type { ChangeCursor, MembershipRow, RegistrationRow, SessionFacts } from "./types";

export const engineSql: EngineSql = SCHEMA_DIALECT === "postgresql" ? postgresqlSql : sqliteSql;
