/**
 * Prints, as JSON, every figure of the statistics (all groupings, as /api/v1/stats gives them)
 * for a few filter sets, on the database the environment names. db:copy runs it on each engine
 * and compares the two outputs: the same text means the same statistics.
 */
import { computeStats, type StatsFilters } from "../app/models/stats.server";
import { closeDb, getDb } from "../app/utils/db.server";

const FILTERS: StatsFilters[] = [
  {},
  { from: "2025-01-01", to: "2025-12-31" },
  { domain: "smart-industry" },
  { institution: "huaqiao-university", mode: "online" },
  { group: "brics-members" },
  { group: "others" },
];

const db = getDb();
const digest = [];
for (const filters of FILTERS)
  for (const locale of ["en", "zh"]) digest.push({ filters, locale, stats: await computeStats(db, filters, locale) });
await closeDb();
process.stdout.write(`${JSON.stringify(digest)}\n`);
