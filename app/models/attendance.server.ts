/**
 * Attendance: one row per (registration, day), whichever way it was taken — marked by staff
 * on the roster, by the trainee's own check-in with the session's rotating code, or imported
 * from an online meeting's attendance file (attendance-import.server.ts). Only confirmed places
 * can attend, and only on the session's own days up to today (in the session's zone).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, gte, inArray, lte, sql } from "drizzle-orm";
import {
  attendance,
  courses,
  loginThrottle,
  registrations,
  trainingSessions,
  type AttendanceMethod,
} from "../../db/schema";
import { pickLocalizedFirst } from "../i18n/localized";
import { transaction, type Db, type Handle, type Tx } from "../utils/db.server";
import { localDate, sessionDays } from "../utils/time-zone";
import { randomSecret } from "../utils/tokens.server";
import type { Actor } from "./actor-scope.server";
import { recordAuditEvent } from "./audit.server";
import { getManagedSession } from "./managed-session.server";

/** How long one check-in code is shown; the previous one is still accepted, for slow typists. */
export const CHECK_IN_WINDOW_MS = 5 * 60_000;
/** Wrong codes a trainee may type in CHECK_IN_LOCK_MS before check-in refuses them for a while. */
const CHECK_IN_MAX_FAILURES = 10;
const CHECK_IN_LOCK_MS = 15 * 60_000;

type SessionClock = { startsAt: Date; endsAt: Date; timeZone: string };

/** The session's days on which attendance can be recorded now: its days up to today. */
export function recordableDays(session: SessionClock, now = new Date()): string[] {
  const today = localDate(now, session.timeZone);
  return sessionDays(session.startsAt, session.endsAt, session.timeZone).filter((day) => day <= today);
}

/** Attendance of every registration of a session: registration id → day → attended. */
export async function attendanceOfSession(
  db: Handle,
  sessionId: number,
  /** Only these registrations (a roster page), else all of the session's. */
  registrationIds?: number[],
): Promise<Map<number, Record<string, boolean>>> {
  const rows = await db
    .select({ registrationId: attendance.registrationId, day: attendance.day, attended: attendance.attended })
    .from(attendance)
    .innerJoin(registrations, eq(registrations.id, attendance.registrationId))
    .where(
      and(
        eq(registrations.sessionId, sessionId),
        registrationIds ? inArray(attendance.registrationId, registrationIds) : undefined,
      ),
    );
  const byRegistration = new Map<number, Record<string, boolean>>();
  for (const row of rows) {
    const days = byRegistration.get(row.registrationId) ?? {};
    days[row.day] = row.attended;
    byRegistration.set(row.registrationId, days);
  }
  return byRegistration;
}

/**
 * Whether a new record of a (registration, day) may replace the one there, when they disagree
 * (decision 0015). Staff marking by hand is a decision and replaces anything; a check-in code is
 * the person in the room, so it replaces an import or an earlier "absent"; an import is a meeting
 * tool's log and replaces only an earlier import.
 */
function replaces(method: AttendanceMethod, existing: AttendanceMethod): boolean {
  if (method === "manual" || method === "check_in_code") return true;
  return existing === "import";
}

/**
 * Records one registration's attendance on one day, keeping provenance: a record that says the
 * same is left as it was (who recorded it, how, when), and one of a source that outranks the new
 * one stays (`replaces`). Call inside a transaction, on its handle.
 */
export async function recordAttendance(
  tx: Tx,
  values: {
    registrationId: number;
    day: string;
    attended: boolean;
    method: AttendanceMethod;
    recordedBy: number | null;
    now: Date;
  },
): Promise<"written" | "unchanged" | "kept"> {
  const [existing] = await tx
    .select({ attended: attendance.attended, method: attendance.method })
    .from(attendance)
    .where(and(eq(attendance.registrationId, values.registrationId), eq(attendance.day, values.day)));
  if (existing?.attended === values.attended) return "unchanged";
  if (existing && !replaces(values.method, existing.method)) return "kept";
  await tx
    .insert(attendance)
    .values({ ...values, recordedAt: values.now })
    .onConflictDoUpdate({
      target: [attendance.registrationId, attendance.day],
      set: { attended: values.attended, method: values.method, recordedAt: values.now, recordedBy: values.recordedBy },
    });
  return "written";
}

export type MarkResult =
  | { ok: true; present: number; absent: number }
  | { ok: false; reason: "not_found" | "day_not_recordable" | "not_attendable" };

/**
 * Staff mark a day's attendance in bulk: of the confirmed places listed on their screen
 * (`listed`), those in `present` attended and the others did not. Places not listed (filtered
 * out by a search) are left as they were.
 */
export async function markAttendance(
  db: Db,
  {
    actor,
    sessionId,
    day,
    listed,
    present,
    now = new Date(),
  }: {
    actor: Actor;
    sessionId: number;
    day: string;
    listed: number[];
    present: number[];
    now?: Date;
  },
): Promise<MarkResult> {
  const session = await getManagedSession(db, { actor, sessionId });
  if (!session) return { ok: false, reason: "not_found" };
  if (session.status === "draft" || session.status === "cancelled") return { ok: false, reason: "not_attendable" };
  if (!recordableDays(session, now).includes(day)) return { ok: false, reason: "day_not_recordable" };
  const presentSet = new Set(present);
  return transaction(db, async (tx) => {
    const confirmed = listed.length
      ? await tx
          .select({ id: registrations.id })
          .from(registrations)
          .where(
            and(
              eq(registrations.sessionId, sessionId),
              eq(registrations.status, "confirmed"),
              inArray(registrations.id, listed),
            ),
          )
      : [];
    let presentCount = 0;
    for (const { id } of confirmed) {
      const attended = presentSet.has(id);
      if (attended) presentCount++;
      await recordAttendance(tx, { registrationId: id, day, attended, method: "manual", recordedBy: actor.id, now });
    }
    const result = { present: presentCount, absent: confirmed.length - presentCount };
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "attendance.marked",
      entityType: "session",
      entityId: sessionId,
      details: { day, ...result },
    });
    return { ok: true as const, ...result };
  });
}

/** The six-digit code of a check-in window, derived from the session's secret. */
function codeFor(secret: string, sessionId: number, window: number): string {
  const digest = createHmac("sha256", secret).update(`${sessionId}:${window}`).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, "0");
}

/**
 * The code staff show now, and until when it is shown. The session's secret is made the first
 * time, so nobody can check in before staff open the check-in screen.
 */
export async function currentCheckInCode(
  db: Db,
  {
    actor,
    sessionId,
    now = new Date(),
  }: {
    actor: Actor;
    sessionId: number;
    now?: Date;
  },
): Promise<{ code: string; validUntil: Date } | null> {
  const session = await getManagedSession(db, { actor, sessionId });
  if (!session) return null;
  let secret = session.checkInSecret;
  if (!secret) {
    const made = randomSecret();
    // Two screens opened at once: the first secret written wins, both then read it.
    secret = await transaction(db, async (tx) => {
      await tx
        .update(trainingSessions)
        .set({ checkInSecret: made })
        .where(and(eq(trainingSessions.id, sessionId), sql`${trainingSessions.checkInSecret} is null`));
      const [row] = await tx
        .select({ secret: trainingSessions.checkInSecret })
        .from(trainingSessions)
        .where(eq(trainingSessions.id, sessionId));
      return row?.secret ?? made;
    });
  }
  const window = Math.floor(now.getTime() / CHECK_IN_WINDOW_MS);
  return { code: codeFor(secret, sessionId, window), validUntil: new Date((window + 1) * CHECK_IN_WINDOW_MS) };
}

export type CheckInResult =
  | { ok: true; sessionId: number; title: string; day: string; already: boolean }
  | { ok: false; reason: "no_session_today" | "wrong_code" | "too_many_attempts" };

const sameCode = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * A trainee checks in with the code shown in the room. The code is tried against each of their
 * confirmed places in an offline or hybrid session held today (in its zone) whose check-in staff
 * have opened; the one it matches records today's attendance.
 */
export async function checkIn(
  db: Db,
  {
    userId,
    code,
    locale,
    now = new Date(),
  }: {
    userId: number;
    code: string;
    locale: string;
    now?: Date;
  },
): Promise<CheckInResult> {
  const throttleKey = `check-in:${userId}`;
  const [throttle] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, throttleKey));
  const throttled =
    throttle &&
    throttle.failures >= CHECK_IN_MAX_FAILURES &&
    now.getTime() - throttle.windowStartedAt.getTime() < CHECK_IN_LOCK_MS;
  if (throttled) return { ok: false, reason: "too_many_attempts" };

  const places = (
    await db
      .select({
        registrationId: registrations.id,
        sessionId: trainingSessions.id,
        startsAt: trainingSessions.startsAt,
        endsAt: trainingSessions.endsAt,
        timeZone: trainingSessions.timeZone,
        secret: trainingSessions.checkInSecret,
        title: trainingSessions.title,
        courseTitle: courses.title,
      })
      .from(registrations)
      .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .where(
        and(
          eq(registrations.userId, userId),
          eq(registrations.status, "confirmed"),
          inArray(trainingSessions.mode, ["offline", "hybrid"]),
          inArray(trainingSessions.status, ["published", "completed"]),
          sql`${trainingSessions.checkInSecret} is not null`,
          // A cheap bound first; the exact day is checked in the session's own zone below.
          lte(trainingSessions.startsAt, new Date(now.getTime() + 86_400_000)),
          gte(trainingSessions.endsAt, new Date(now.getTime() - 86_400_000)),
        ),
      )
  ).filter((place) =>
    sessionDays(place.startsAt, place.endsAt, place.timeZone).includes(localDate(now, place.timeZone)),
  );
  if (places.length === 0) return { ok: false, reason: "no_session_today" };

  const window = Math.floor(now.getTime() / CHECK_IN_WINDOW_MS);
  const typed = code.replace(/\s/g, "");
  const match = places.find(
    (place) =>
      place.secret &&
      (sameCode(typed, codeFor(place.secret, place.sessionId, window)) ||
        sameCode(typed, codeFor(place.secret, place.sessionId, window - 1))),
  );
  if (!match) {
    await countCheckInFailure(db, throttleKey, now);
    return { ok: false, reason: "wrong_code" };
  }
  const day = localDate(now, match.timeZone);
  const already = await transaction(db, async (tx) => {
    const [before] = await tx
      .select({ attended: attendance.attended })
      .from(attendance)
      .where(and(eq(attendance.registrationId, match.registrationId), eq(attendance.day, day)));
    if (before?.attended) return true;
    await recordAttendance(tx, {
      registrationId: match.registrationId,
      day,
      attended: true,
      method: "check_in_code",
      recordedBy: userId,
      now,
    });
    return false;
  });
  return {
    ok: true,
    sessionId: match.sessionId,
    title: pickLocalizedFirst([match.title, match.courseTitle], locale),
    day,
    already,
  };
}

async function countCheckInFailure(db: Db, key: string, now: Date): Promise<void> {
  await transaction(db, async (tx) => {
    const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key));
    const fresh = !row || now.getTime() - row.windowStartedAt.getTime() >= CHECK_IN_LOCK_MS;
    await tx
      .insert(loginThrottle)
      .values({ key, failures: 1, windowStartedAt: now, lastFailureAt: now })
      .onConflictDoUpdate({
        target: loginThrottle.key,
        set: fresh
          ? { failures: 1, windowStartedAt: now, lastFailureAt: now }
          : { failures: sql`${loginThrottle.failures} + 1`, lastFailureAt: now },
      });
  });
}

/** How many of a session's places were present on a day (the check-in screen's counter). */
export async function countAttendedOn(db: Handle, sessionId: number, day: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(attendance)
    .innerJoin(registrations, eq(registrations.id, attendance.registrationId))
    .where(and(eq(registrations.sessionId, sessionId), eq(attendance.day, day), eq(attendance.attended, true)));
  return row?.n ?? 0;
}
