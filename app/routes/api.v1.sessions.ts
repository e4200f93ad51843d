import { searchSessions, toApiSession } from "~/models/catalog.server";
import {
  methodNotAllowed,
  preflight,
  apiLocale,
  jsonWithEtag,
  parameterErrors,
  problem,
  PUBLIC_API_HEADERS,
} from "~/utils/api.server";
import { getDb } from "~/utils/db.server";
import { ApiSessionsQuerySchema } from "~/validation/catalog-filters";
import type { Route } from "./+types/api.v1.sessions";

/** GET /api/v1/sessions: the catalog's sessions as JSON, with the catalog's filters, strictly read. */
export async function loader({ request }: Route.LoaderArgs) {
  const answered = preflight(request, { cors: true });
  if (answered) return answered;
  const query = ApiSessionsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success)
    return problem(400, "The query has parameters this endpoint cannot read.", {
      errors: parameterErrors(query.error.issues),
    });
  const { limit, offset, locale: _locale, ...filters } = query.data;
  const { sessions, total } = await searchSessions(getDb(), {
    locale: await apiLocale(request),
    filters,
    limit,
    offset,
  });
  return jsonWithEtag(request, { sessions: sessions.map(toApiSession), total }, PUBLIC_API_HEADERS);
}

export function action() {
  return methodNotAllowed({ cors: true });
}
