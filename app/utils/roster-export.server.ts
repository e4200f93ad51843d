import { getTranslator } from "~/i18n/i18next.server";
import { getRoster, recordRosterExport, rosterTable } from "~/models/roster.server";
import { getDb } from "./db.server";
import { notFoundResponse, parseIdParam } from "./http.server";
import { requireConsoleUser } from "./manage.server";

/**
 * What both roster downloads share: staff of the session's institution or organizers only
 * (another institution's session is "not found"), an audit event naming who took the
 * personal data, and the table.
 */
export async function loadRosterExport(request: Request, sessionIdParam: string | undefined, format: "csv" | "xlsx") {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(sessionIdParam);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const roster = await getRoster(db, { actor, sessionId, locale });
  if (!roster) throw notFoundResponse();
  await recordRosterExport(db, { actorUserId: actor.id, sessionId, format, rows: roster.registrants.length });
  return {
    ...rosterTable(roster, t),
    fileName: `roster-session-${sessionId}`,
    sheetName: t("roster.title"),
  };
}
