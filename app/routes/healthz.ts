import { checkDatabase } from "~/models/health.server";
import { getDb } from "~/utils/db.server";

/** Liveness and a real database round trip; 503 when the database does not answer. */
export async function loader() {
  const ok = await checkDatabase(getDb());
  return Response.json(
    { status: ok ? "ok" : "unavailable" },
    {
      status: ok ? 200 : 503,
      headers: { "Cache-Control": "no-store" },
    },
  );
}
