import { searchSessions, toApiSession } from "~/models/catalog.server";
import { API_HEADERS, apiError, apiLocale } from "~/utils/api.server";
import { ApiPagingSchema } from "~/validation/api";
import { parseCatalogQuery } from "~/validation/catalog-filters";
import type { Route } from "./+types/api.v1.sessions";

/** GET /api/v1/sessions: the catalog's sessions as JSON, with the catalog's filters. */
export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams;
  const paging = ApiPagingSchema.safeParse({
    limit: params.get("limit") ?? undefined,
    offset: params.get("offset") ?? undefined,
  });
  if (!paging.success) return apiError(400, "limit must be a whole number from 1 to 500, offset a whole number ≥ 0");
  const { page: _page, ...filters } = parseCatalogQuery(params);
  const { sessions, total } = searchSessions({ locale: await apiLocale(request), filters, ...paging.data });
  return Response.json({ sessions: sessions.map(toApiSession), total }, { headers: API_HEADERS });
}
