/**
 * A session's roster as staff see and export it: every registrant with their place and their
 * attendance on each of the session's days.
 */
import { transaction, type Db, type Handle } from "../utils/db.server";
import { sessionDays } from "../utils/time-zone";
import type { Actor } from "./actor-scope.server";
import { recordAuditEvent } from "./audit.server";
import { attendanceOfSession, recordableDays } from "./attendance.server";
import { countryName } from "./countries.server";
import { listRegistrants, type ListPage } from "./enrollment.server";

/** Registrants on one roster page: a long session's roster is read a page at a time. */
export const ROSTER_PAGE_SIZE = 500;

export async function getRoster(
  db: Handle,
  {
    actor,
    sessionId,
    locale,
    search,
    page,
    now = new Date(),
  }: {
    actor: Actor;
    sessionId: number;
    locale: string;
    search?: string;
    /** One page of registrants (the roster page); without it, all of them (the exports). */
    page?: ListPage;
    now?: Date;
  },
) {
  const listed = await listRegistrants(db, { actor, sessionId, locale, search, page });
  if (!listed) return null;
  const { session, registrants, counts } = listed;
  const attendance = await attendanceOfSession(
    db,
    sessionId,
    page ? registrants.map((row) => row.registrationId) : undefined,
  );
  return {
    session,
    counts,
    days: sessionDays(session.startsAt, session.endsAt, session.timeZone),
    /** Days attendance can be marked on now (the session's days up to today). */
    recordable: session.status === "draft" || session.status === "cancelled" ? [] : recordableDays(session, now),
    registrants: registrants.map((row) => {
      const days = attendance.get(row.registrationId) ?? {};
      return {
        ...row,
        country: countryName(row.countryCode, locale),
        attendance: days,
        attendedDays: Object.values(days).filter(Boolean).length,
      };
    }),
  };
}

export type Roster = NonNullable<Awaited<ReturnType<typeof getRoster>>>;

/** The roster as spreadsheet rows (header first), for the CSV and XLSX exports. */
export function rosterTable(roster: Roster, t: (key: string, options?: Record<string, unknown>) => string) {
  const header = [
    t("roster.name"),
    t("roster.email"),
    t("stats.isoCode"),
    t("roster.country"),
    t("roster.organization"),
    t("roster.status"),
    t("roster.position"),
    ...roster.days,
    t("stats.attendanceDays"),
  ];
  const rows = roster.registrants.map((row) => [
    row.deletedAt ? t("roster.deletedAccount") : row.name,
    row.deletedAt ? "" : row.email,
    row.countryCode,
    row.country,
    row.organization ?? "",
    t(`enrollment.status.${row.status}`),
    row.position,
    ...roster.days.map((day) => (row.attendance[day] === undefined ? null : row.attendance[day] ? 1 : 0)),
    row.attendedDays,
  ]);
  return { header, rows };
}

/** Records who took a roster's personal data away, in which format, and how many rows. */
export async function recordRosterExport(
  db: Db,
  {
    actorUserId,
    sessionId,
    format,
    rows,
  }: {
    actorUserId: number;
    sessionId: number;
    format: "csv" | "xlsx";
    rows: number;
  },
): Promise<void> {
  await transaction(db, (tx) =>
    recordAuditEvent(tx, {
      actorUserId,
      action: "roster.exported",
      entityType: "session",
      entityId: sessionId,
      details: { format, rows },
    }),
  );
}
