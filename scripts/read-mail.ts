/**
 * npm run mail -- ana@example.org [--last 3]
 * Prints the mail an installation without SMTP kept for an address, links and all. The outbox
 * page masks the links that are keys (organizers must not take over accounts through it); whoever
 * runs this already holds the database, so nothing is given away. For the demo, and for an
 * office trying the platform before its mail server is set up.
 */
import { parseArgs } from "node:util";
import { desc, eq, sql } from "drizzle-orm";
import { mailOutbox } from "../db/schema";
import { describeDatabase } from "../db/migrate";
import { closeDb, getDb } from "../app/utils/db.server";
import { readEnv } from "../app/utils/env.server";

const { values, positionals } = parseArgs({
  options: { last: { type: "string", default: "1" } },
  allowPositionals: true,
});
const address = positionals[0]?.trim().toLowerCase();
const last = Number(values.last);
if (!address || !Number.isInteger(last) || last < 1) {
  console.error("Usage: npm run mail -- <e-mail address> [--last N]");
  process.exit(2);
}

// On the engine the environment names, SQLite's file or PostgreSQL.
const rows = await getDb()
  .select({ subject: mailOutbox.subject, text: mailOutbox.text, createdAt: mailOutbox.createdAt })
  .from(mailOutbox)
  .where(eq(sql`lower(${mailOutbox.to})`, address))
  .orderBy(desc(mailOutbox.id))
  .limit(last);
await closeDb();
if (rows.length === 0) {
  console.error(`No mail for ${address} in ${describeDatabase(readEnv())}.`);
  process.exit(1);
}
for (const row of rows.reverse())
  console.log(`${row.createdAt.toISOString()}  ${row.subject}\n\n${row.text}\n${"-".repeat(72)}`);
