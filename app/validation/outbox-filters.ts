import { z } from "zod";
import { pageNumberField } from "./fields";

/**
 * The outbox page's query. A value that does not parse is dropped, as on the other list pages.
 * The search reads the recipient and the subject only, never the body: a body holds keys (reset
 * and invitation links) that the page masks, and a substring search over it would let whoever
 * reads the outbox recover a key one character at a time.
 */
export const OutboxFiltersSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: pageNumberField,
});
export type OutboxFilters = z.infer<typeof OutboxFiltersSchema>;

export function parseOutboxQuery(searchParams: URLSearchParams): OutboxFilters {
  return OutboxFiltersSchema.parse({
    q: searchParams.get("q") || undefined,
    page: searchParams.get("page") ?? undefined,
  });
}
