/**
 * Prints, as JSON, every figure of the statistics (all groupings, as /api/v1/stats gives them)
 * for a few filter sets, on the database the environment names. db:copy runs it on each engine
 * and compares the two outputs: the same text means the same statistics.
 */
import { listDomains, listInstitutions } from "../app/models/catalog.server";
import { listCountryGroups } from "../app/models/organizer.server";
import { computeStats, type StatsFilters } from "../app/models/stats.server";
import { closeDb, getDb } from "../app/utils/db.server";

/**
 * Filter sets taken from the data itself (any installation's, not only the demo's): everything,
 * last year, the first domain, the first institution online, the first country group, and the
 * countries in no group.
 */
async function filterSets(db: ReturnType<typeof getDb>): Promise<StatsFilters[]> {
  const [domains, institutions, groups] = await Promise.all([
    listDomains(db, { locale: "en" }),
    listInstitutions(db, { locale: "en" }),
    listCountryGroups(db, { locale: "en" }),
  ]);
  const lastYear = new Date().getUTCFullYear() - 1;
  const sets: StatsFilters[] = [{}, { from: `${lastYear}-01-01`, to: `${lastYear}-12-31` }, { group: "others" }];
  if (domains[0]) sets.push({ domain: domains[0].slug });
  if (institutions[0]) sets.push({ institution: institutions[0].slug, mode: "online" });
  if (groups[0]) sets.push({ group: groups[0].slug });
  return sets;
}

const db = getDb();
const digest = [];
for (const filters of await filterSets(db))
  for (const locale of ["en", "zh"]) digest.push({ filters, locale, stats: await computeStats(db, filters, locale) });
await closeDb();
process.stdout.write(`${JSON.stringify(digest)}\n`);
