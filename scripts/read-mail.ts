/**
 * npm run mail -- ana@example.org [--last 3]
 * Prints the mail an installation without SMTP kept for an address, links and all. The outbox
 * page masks the links that are keys (organizers must not take over accounts through it); whoever
 * runs this already holds the database file, so nothing is given away. For the demo, and for an
 * office trying the platform before its mail server is set up.
 */
import { parseArgs } from "node:util";
import { openDatabase } from "../db/client";
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

const { DATABASE_PATH } = readEnv();
const sqlite = openDatabase(DATABASE_PATH).$client;
const rows = sqlite
  .prepare(
    `select subject, text, created_at as createdAt from mail_outbox where lower("to") = ? order by id desc limit ?`,
  )
  .all(address, last) as { subject: string; text: string; createdAt: number }[];
sqlite.close();
if (rows.length === 0) {
  console.error(`No mail for ${address} in ${DATABASE_PATH}.`);
  process.exit(1);
}
for (const row of rows.reverse())
  console.log(`${new Date(row.createdAt).toISOString()}  ${row.subject}\n\n${row.text}\n${"-".repeat(72)}`);
