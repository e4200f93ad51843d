import { getTranslator } from "~/i18n/i18next.server";
import { placeCalendar } from "~/models/calendar.server";
import { getPlace } from "~/models/enrollment.server";
import { requireUser } from "~/utils/auth.server";
import { notFoundResponse, parseIdParam } from "~/utils/http.server";
import { getDb } from "~/utils/db.server";
import { publicSiteUrl } from "~/utils/env.server";
import type { Route } from "./+types/me_.enrollments_.$registrationId.calendar[.ics]";

/** One place as an .ics file; someone else's place is "not found". */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const registrationId = parseIdParam(params.registrationId);
  const { locale, t } = await getTranslator(request);
  const place = await getPlace(getDb(), { userId: user.id, registrationId, locale });
  // Someone else's place is "not found"; answered, not thrown, as a file route has no error page.
  if (!place) return notFoundResponse();
  return new Response(placeCalendar(place, { t, siteUrl: publicSiteUrl() }), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="training-${place.sessionId}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
