import { z } from "zod";
import { SESSION_MODES } from "../../db/schema/enums";
import { isCalendarDate } from "./calendar-date";
import { pageNumberField } from "./fields";

export const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);
export const isoDate = z.string().refine(isCalendarDate);

/**
 * The catalog's query parameters, shared by /catalog and /api/v1/sessions. A value that does
 * not parse is dropped rather than refused: a hand-edited or stale link still shows a catalog.
 */
export const CatalogFiltersSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  domain: slug.optional().catch(undefined),
  institution: slug.optional().catch(undefined),
  mode: z.enum(SESSION_MODES).optional().catch(undefined),
  lang: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .optional()
    .catch(undefined),
  from: isoDate.optional().catch(undefined),
  to: isoDate.optional().catch(undefined),
  seats: z
    .literal("1")
    .optional()
    .catch(undefined)
    .transform((value) => value === "1"),
  page: pageNumberField,
});

export type CatalogQuery = z.infer<typeof CatalogFiltersSchema>;
export const CATALOG_PARAMS = ["q", "domain", "institution", "mode", "lang", "from", "to", "seats", "page"] as const;

export function parseCatalogQuery(searchParams: URLSearchParams): CatalogQuery {
  const raw = Object.fromEntries(CATALOG_PARAMS.map((key) => [key, searchParams.get(key) || undefined]));
  return CatalogFiltersSchema.parse(raw);
}
