import { getTranslator } from "~/i18n/i18next.server";
import { recordAuditEvent } from "~/models/audit.server";
import { getRoster, rosterTable } from "~/models/roster.server";
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
  const roster = getRoster({ actor, sessionId, locale });
  if (!roster) throw notFoundResponse();
  recordAuditEvent({
    actorUserId: actor.id,
    action: "roster.exported",
    entityType: "session",
    entityId: sessionId,
    details: { format, rows: roster.registrants.length },
  });
  return {
    ...rosterTable(roster, t),
    fileName: `roster-session-${sessionId}`,
    sheetName: t("roster.title"),
  };
}
