import { getTranslator } from "~/i18n/i18next.server";
import { pickLocalizedFirst } from "~/i18n/localized";
import { getManagedSession } from "~/models/managed-session.server";
import { getDb } from "./db.server";
import { parseIdParam, requireFound } from "./http.server";
import type { SessionUser } from "./session.server";
import { requireRole } from "./auth.server";
import { CONSOLE_ROLES } from "./permissions";

/** Staff and organizers only: everyone else gets the login page or a 403. */
export function requireConsoleUser(request: Request): Promise<SessionUser> {
  return requireRole(request, CONSOLE_ROLES.manage);
}

/**
 * The session a console page is about, from its `:sessionId`: staff of its institution and
 * organizers only (anyone else gets login or 403; another institution's session is a 404),
 * with the viewer's language and the session's title in it.
 */
export async function requireManagedSession(request: Request, sessionIdParam: string | undefined) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(sessionIdParam);
  const { locale, t } = await getTranslator(request);
  const session = requireFound(await getManagedSession(getDb(), { actor, sessionId }));
  return { actor, session, locale, t, title: pickLocalizedFirst([session.title, session.courseTitle], locale) };
}
