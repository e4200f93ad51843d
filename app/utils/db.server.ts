import { openDatabase, type AppDatabase } from "../../db/client";
import { readEnv } from "./env.server";

let database: AppDatabase | undefined;

/** The process's one database handle, opened on first use. Migrations run in server.ts, before any request. */
export function getDb(): AppDatabase {
  database ??= openDatabase(readEnv().DATABASE_PATH);
  return database;
}
