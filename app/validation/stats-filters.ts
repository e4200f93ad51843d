import { z } from "zod";
import { SESSION_MODES } from "../../db/schema/enums";
import { isoDate, slug } from "./catalog-filters";

/** The dashboard's and the exports' query parameters; values that do not parse are dropped, as in the catalog. */
export const StatsFiltersSchema = z.object({
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  domain: slug.optional().catch(undefined),
  institution: slug.optional().catch(undefined),
  program: z.coerce.number().int().positive().optional().catch(undefined),
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
    groupBy: z.enum(STATS_GROUPINGS),
    from: isoDate.optional(),
    to: isoDate.optional(),
    domain: slug.optional(),
    institution: slug.optional(),
    program: z.coerce.number().int().positive().optional(),
    mode: z.enum(SESSION_MODES).optional(),
    group: slug.optional(),
    locale: z.string().optional(),
  })
  .strict();
