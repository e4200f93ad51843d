import { defineConfig } from "drizzle-kit";

// The schema modules build PostgreSQL's tables when DATABASE_URL names a PostgreSQL server
// (db/schema/dialect.ts); drizzle-kit only reads the schema here, it connects only for `migrate`.
const url = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")
  ? (process.env.DATABASE_URL as string)
  : "postgres://localhost/brics_training";
process.env.DATABASE_URL = url;

export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations-pg",
  dbCredentials: { url },
  strict: true,
  verbose: true,
});
