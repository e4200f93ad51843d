import { checkDatabase } from "~/models/health.server";

/** Liveness and a real database round trip; 503 when the database does not answer. */
export function loader() {
  const ok = checkDatabase();
  return Response.json(
    { status: ok ? "ok" : "unavailable" },
    {
      status: ok ? 200 : 503,
      headers: { "Cache-Control": "no-store" },
    },
  );
}
