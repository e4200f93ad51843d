import { getPublicSession, toApiSession } from "~/models/catalog.server";
import { API_HEADERS, apiError, apiLocale } from "~/utils/api.server";
import type { Route } from "./+types/api.v1.sessions.$sessionId";

/** GET /api/v1/sessions/:id: one public session, or 404. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const id = /^[1-9][0-9]{0,15}$/.test(params.sessionId ?? "") ? Number(params.sessionId) : null;
  const session = id ? getPublicSession({ sessionId: id, locale: await apiLocale(request) }) : null;
  if (!session) return apiError(404, "No public training session has this id");
  return Response.json(toApiSession(session), { headers: API_HEADERS });
}
