import { z } from "zod";

/** Paging of the public API: `limit` 1–500 (default 50), `offset` ≥ 0. */
export const ApiPagingSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
