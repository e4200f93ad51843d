import { preflight, problem } from "~/utils/api.server";
import type { Route } from "./+types/api.v1.$";

/** Any other path under /api/v1/: a JSON 404 a program can read, not the site's HTML page. */
export function loader({ request }: Route.LoaderArgs) {
  return preflight(request, { cors: true }) ?? notFound();
}

export function action() {
  return notFound();
}

function notFound() {
  return problem(
    404,
    "There is no such endpoint. The API has /api/v1/sessions, /api/v1/sessions/:id and /api/v1/stats.",
  );
}
