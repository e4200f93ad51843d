import { z } from "zod";
import { SESSION_MODES } from "../../db/schema/enums";

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);

/**
 * The catalog's query parameters. A value that does not parse is dropped rather than refused:
 * a hand-edited or stale link still shows a useful catalog.
 */
export const CatalogFiltersSchema = z.object({
  domain: slug.optional().catch(undefined),
  institution: slug.optional().catch(undefined),
  mode: z.enum(SESSION_MODES).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type CatalogQuery = z.infer<typeof CatalogFiltersSchema>;

export function parseCatalogQuery(searchParams: URLSearchParams): CatalogQuery {
  const raw = Object.fromEntries(
    ["domain", "institution", "mode", "page"].map((key) => [key, searchParams.get(key) || undefined]),
  );
  return CatalogFiltersSchema.parse(raw);
}
