import { z } from "zod";
import { SESSION_MODES, SESSION_STATUSES } from "../../db/schema/enums";
import { isCalendarDate } from "./calendar-date";
import { pageNumberField } from "./fields";
import { SUPPORTED_LOCALES } from "../i18n/config";

export const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);
export const isoDate = z.string().refine(isCalendarDate);

/** What a well-formed value of each catalog filter is, declared once for the page and the API. */
const catalogFilterFields = {
  q: z.string().trim().max(100),
  domain: slug,
  institution: slug,
  mode: z.enum(SESSION_MODES),
  lang: z.string().regex(/^[a-z]{2,3}$/),
  from: isoDate,
  to: isoDate,
};
const onlyWithSeats = (value: string | undefined) => value === "1";

/**
 * The catalog page's query. A value that does not parse is dropped rather than refused: a
 * hand-edited or stale link still shows a catalog.
 */
export const CatalogFiltersSchema = z.object({
  q: catalogFilterFields.q.optional().catch(undefined),
  domain: catalogFilterFields.domain.optional().catch(undefined),
  institution: catalogFilterFields.institution.optional().catch(undefined),
  mode: catalogFilterFields.mode.optional().catch(undefined),
  lang: catalogFilterFields.lang.optional().catch(undefined),
  from: catalogFilterFields.from.optional().catch(undefined),
  to: catalogFilterFields.to.optional().catch(undefined),
  seats: z.literal("1").optional().catch(undefined).transform(onlyWithSeats),
  page: pageNumberField,
});

/**
 * The public API's query (/api/v1/sessions): the same filters, strict. A partner's program
 * should hear about `mode=foo` or `from=2026-02-30` rather than get the whole catalog, so a
 * malformed value or an unknown parameter is a 400 naming it.
 */
export const ApiSessionsQuerySchema = z
  .object({
    q: catalogFilterFields.q
      .optional()
      .describe(
        "Words that must all occur in the session's, course's, program's, institution's or domain's texts, in any language; case and accents are ignored",
      ),
    domain: catalogFilterFields.domain.optional().describe("A domain's slug, e.g. intelligent-manufacturing"),
    institution: catalogFilterFields.institution.optional().describe("An institution's slug, e.g. xiamen-university"),
    mode: catalogFilterFields.mode.optional().describe("online, offline (in person) or hybrid"),
    lang: catalogFilterFields.lang.optional().describe("A language of instruction, as an ISO 639-1 code, e.g. pt"),
    from: catalogFilterFields.from
      .optional()
      .describe("Sessions starting on or after this date (YYYY-MM-DD, UTC); without it, only sessions still to come"),
    to: catalogFilterFields.to.optional().describe("Sessions starting on or before this date (YYYY-MM-DD, UTC)"),
    seats: z.enum(["0", "1"]).optional().transform(onlyWithSeats).describe("1 for sessions with a free seat only"),
    limit: z.coerce.number().int().min(1).max(500).default(50).describe("Sessions per page, 1 to 500"),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe("Sessions to skip, for the next pages"),
    locale: z
      .enum(SUPPORTED_LOCALES)
      .optional()
      .describe("The answer's language; without it, Accept-Language decides, else English"),
  })
  .strict();

export type CatalogQuery = z.infer<typeof CatalogFiltersSchema>;
export const CATALOG_PARAMS = ["q", "domain", "institution", "mode", "lang", "from", "to", "seats", "page"] as const;

export function parseCatalogQuery(searchParams: URLSearchParams): CatalogQuery {
  const raw = Object.fromEntries(CATALOG_PARAMS.map((key) => [key, searchParams.get(key) || undefined]));
  return CatalogFiltersSchema.parse(raw);
}

/** Which of an institution's sessions its console lists: still running or to come, ended, or all. */
export const CONSOLE_SESSION_PERIODS = ["current", "past", "all"] as const;
export type ConsoleSessionPeriod = (typeof CONSOLE_SESSION_PERIODS)[number];

/**
 * The console's session list query. As on the catalog page, a value that does not parse is
 * dropped: a stale link still shows the list.
 */
export const ConsoleSessionFiltersSchema = z.object({
  q: catalogFilterFields.q.optional().catch(undefined),
  when: z.enum(CONSOLE_SESSION_PERIODS).catch("current"),
  status: z.enum(SESSION_STATUSES).optional().catch(undefined),
  page: pageNumberField,
});
export type ConsoleSessionFilters = z.infer<typeof ConsoleSessionFiltersSchema>;
const CONSOLE_SESSION_PARAMS = ["q", "when", "status", "page"] as const;

export function parseConsoleSessionQuery(searchParams: URLSearchParams): ConsoleSessionFilters {
  const raw = Object.fromEntries(CONSOLE_SESSION_PARAMS.map((key) => [key, searchParams.get(key) || undefined]));
  return ConsoleSessionFiltersSchema.parse(raw);
}
