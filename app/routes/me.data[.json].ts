import { getLocale } from "~/i18n/i18next.server";
import { exportUserData } from "~/models/users.server";
import { requireUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import type { Route } from "./+types/me.data[.json]";

/** Everything we hold about the signed-in person, as a JSON download, named in their interface language. */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const body = await exportUserData(getDb(), user.id, await getLocale(request));
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-data.json"',
      "Cache-Control": "no-store",
    },
  });
}
