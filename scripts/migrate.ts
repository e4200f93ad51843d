/** npm run db:migrate: applies pending migrations to DATABASE_PATH (the server also does this at start). */
import { migrateDatabase, openDatabase } from "../db/client";
import { readEnv } from "../app/utils/env.server";

const { DATABASE_PATH } = readEnv();
const db = openDatabase(DATABASE_PATH);
migrateDatabase(db);
db.$client.close();
console.log(`Migrations applied to ${DATABASE_PATH}.`);
