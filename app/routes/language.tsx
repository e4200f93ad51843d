import { redirect } from "react-router";
import { isSupportedLocale } from "~/i18n/config";
import { localeCookie } from "~/i18n/i18next.server";
import { setPreferredLocale } from "~/models/users.server";
import { getUser } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { readForm, safeRedirectPath } from "~/utils/http.server";
import type { Route } from "./+types/language";

/** GET /language has nothing to show; the switcher posts here. */
export function loader() {
  return redirect("/");
}

export async function action({ request }: Route.ActionArgs) {
  const form = await readForm(request);
  const locale = form.get("locale");
  const back = safeRedirectPath(form.get("redirectTo"));
  // An unknown locale changes nothing: the person lands where they were, in the language they had.
  if (!isSupportedLocale(locale)) return redirect(back);
  // A signed-in person keeps the choice in their profile too: it is the language of their mail.
  const user = await getUser(request);
  if (user) await setPreferredLocale(getDb(), user.id, locale);
  return redirect(back, { headers: { "Set-Cookie": await localeCookie.serialize(locale) } });
}
