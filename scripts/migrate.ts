/** npm run db:migrate: applies pending migrations to DATABASE_URL's PostgreSQL or DATABASE_PATH's SQLite (the server also does this at start). */
import { readEnv } from "../app/utils/env.server";
import { migrateConfiguredDatabase } from "../db/migrate";

const where = await migrateConfiguredDatabase(readEnv());
console.log(`Migrations applied to ${where}.`);
