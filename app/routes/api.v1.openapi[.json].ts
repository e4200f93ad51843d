import { jsonWithEtag, methodNotAllowed, preflight, PUBLIC_API_HEADERS } from "~/utils/api.server";
import { openApiDocument } from "~/utils/openapi.server";
import type { Route } from "./+types/api.v1.openapi[.json]";

/** GET /api/v1/openapi.json: the APIs described, generated from the schemas they read and answer. */
export function loader({ request }: Route.LoaderArgs) {
  return preflight(request, { cors: true }) ?? jsonWithEtag(request, openApiDocument(), PUBLIC_API_HEADERS);
}

export function action() {
  return methodNotAllowed({ cors: true });
}
