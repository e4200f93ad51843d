import { recordAuditEvent } from "~/models/audit.server";
import { exportUserData } from "~/models/users.server";
import { requireUser } from "~/utils/auth.server";
import type { Route } from "./+types/me.data[.json]";

/** Everything we hold about the signed-in person, as a JSON download. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const body = exportUserData(user.id);
  recordAuditEvent({ actorUserId: user.id, action: "user.data_exported", entityType: "user", entityId: user.id });
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
