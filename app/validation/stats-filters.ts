import { z } from "zod";
import { SESSION_MODES } from "../../db/schema/enums";
import { isoDate, slug } from "./catalog-filters";
import { idField } from "./fields";

/** The dashboard's and the exports' query parameters; values that do not parse are dropped, as in the catalog. */
export const StatsFiltersSchema = z.object({
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  domain: slug.optional().catch(undefined),
  institution: slug.optional().catch(undefined),
  program: idField.optional().catch(undefined),
  mode: z.enum(SESSION_MODES).optional().catch(undefined),
  group: slug.optional().catch(undefined),
});

export const STATS_PARAMS = ["from", "to", "domain", "institution", "program", "mode", "group"] as const;

export function parseStatsQuery(searchParams: URLSearchParams) {
  return StatsFiltersSchema.parse(
    Object.fromEntries(STATS_PARAMS.map((key) => [key, searchParams.get(key) || undefined])),
  );
}

export const STATS_GROUPINGS = ["country", "domain", "institution", "program", "month"] as const;

/**
 * The statistics API's query: the dashboard's filters plus `groupBy`. A program that reads
 * figures should hear about a typo rather than get unfiltered totals, so nothing is dropped
 * here: an unknown parameter or a malformed value is an error.
 */
export const StatsApiQuerySchema = z
  .object({
    groupBy: z.enum(STATS_GROUPINGS).describe("What each row is: a country, domain, institution, program or month"),
    from: isoDate.optional().describe("Sessions starting on or after this date in Xiamen (YYYY-MM-DD)"),
    to: isoDate
      .optional()
      .describe("Sessions starting on or before this date in Xiamen (YYYY-MM-DD); participation stops at today"),
    domain: slug.optional().describe("A domain's slug"),
    institution: slug.optional().describe("An institution's slug"),
    program: idField.optional().describe("A program's id"),
    mode: z.enum(SESSION_MODES).optional().describe("online, offline (in person) or hybrid"),
    group: slug.optional().describe("A country group's slug, or others for countries in no group"),
    locale: z.string().optional().describe("The language of names and definitions (en, zh-CN, ru, pt-BR)"),
  })
  .strict();
