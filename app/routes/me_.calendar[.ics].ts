import { translatorFor } from "~/i18n/i18next.server";
import { DEFAULT_LOCALE, isSupportedLocale } from "~/i18n/config";
import { feedCalendar, findCalendarOwner } from "~/models/calendar.server";
import { notFoundResponse } from "~/utils/http.server";
import { getDb } from "~/utils/db.server";
import { publicSiteUrl } from "~/utils/env.server";
import type { Route } from "./+types/me_.calendar[.ics]";

/**
 * The personal calendar feed. Calendar apps cannot sign in, so the secret token in the address
 * is the key; an unknown or revoked token is "not found", never a hint that it once existed.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const db = getDb();
  const owner = await findCalendarOwner(db, token);
  if (!owner) return notFoundResponse();
  const locale = isSupportedLocale(owner.locale) ? owner.locale : DEFAULT_LOCALE;
  const t = translatorFor(locale);
  return new Response(await feedCalendar(db, { userId: owner.id, locale, t, siteUrl: publicSiteUrl() }), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Cache-Control": "private, no-store",
      // The address is a secret: keep it out of referrers and search engines.
      "X-Robots-Tag": "noindex",
    },
  });
}
