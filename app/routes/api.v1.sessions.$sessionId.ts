import { getPublicSession, toApiSession } from "~/models/catalog.server";
import { methodNotAllowed, preflight, apiLocale, jsonWithEtag, problem, PUBLIC_API_HEADERS } from "~/utils/api.server";
import { getDb } from "~/utils/db.server";
import { idFromText } from "~/validation/fields";
import type { Route } from "./+types/api.v1.sessions.$sessionId";

/** GET /api/v1/sessions/:id: one public session, or 404. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const answered = preflight(request, { cors: true });
  if (answered) return answered;
  const id = idFromText(params.sessionId);
  const session = id ? await getPublicSession(getDb(), { sessionId: id, locale: await apiLocale(request) }) : null;
  if (!session) return problem(404, "No public training session has this id.");
  return jsonWithEtag(request, toApiSession(session), PUBLIC_API_HEADERS);
}

export function action() {
  return methodNotAllowed({ cors: true });
}
