import { and, eq, isNull, sql } from "drizzle-orm";
import {
  attendance,
  auditEvents,
  courses,
  institutions,
  passwordResetTokens,
  programs,
  registrations,
  trainingSessions,
  users,
  type User,
  type UserRole,
} from "../../db/schema";
import { pickLocalized, pickLocalizedFirst } from "../i18n/localized";
import { transaction, withSeatLock, type Db, type Handle } from "../utils/db.server";
import { hashPassword, isCommonPassword, verifyPassword, getDecoyHash } from "../utils/password.server";
import { invalidateUserSessions } from "../utils/session.server";
import { recordAuditEvent } from "./audit.server";
import { releaseUpcomingPlaces, type EnrollmentNotice } from "./enrollment.server";
import { countryExists } from "./countries.server";
import { sessionsOfLivePlaces } from "./seat-ledger.server";

export const PRIVACY_NOTICE_VERSION = "2026-11";

/** Field errors a model can give back, as i18n keys. */
export type FieldErrors = Record<string, string>;

/** Checks a new password against what zod cannot know: the common-password list. */
export function checkNewPassword(password: string, field = "password"): FieldErrors | null {
  return isCommonPassword(password) ? { [field]: "validation.passwordCommon" } : null;
}

export async function getUserByEmail(db: Handle, email: string): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = ${email.toLowerCase()}`, isNull(users.deletedAt)));
  return user;
}

export async function getUserById(db: Handle, id: number): Promise<User | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), isNull(users.deletedAt)));
  return user;
}

/** The user when the e-mail and password match; null otherwise, in about the same time either way. */
export async function verifyLogin(db: Handle, email: string, password: string): Promise<User | null> {
  const user = await getUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash ?? (await getDecoyHash()), password);
  return user && user.passwordHash && ok ? user : null;
}

export async function updateProfile(
  db: Db,
  userId: number,
  input: { name: string; countryCode: string; organization: string | null; locale: string },
): Promise<{ errors: FieldErrors } | { ok: true }> {
  if (!(await countryExists(db, input.countryCode))) return { errors: { country: "validation.country" } };
  await transaction(db, async (tx) => {
    await tx.update(users).set(input).where(eq(users.id, userId));
    await recordAuditEvent(tx, {
      actorUserId: userId,
      action: "user.profile_updated",
      entityType: "user",
      entityId: userId,
    });
  });
  return { ok: true };
}

/** Remembers the interface language a person chose; it is also the language of their mail. */
export async function setPreferredLocale(db: Db, userId: number, locale: string): Promise<void> {
  await transaction(db, (tx) => tx.update(users).set({ locale }).where(eq(users.id, userId)));
}

/** Records that a person agreed to the current privacy notice. */
export async function recordConsent(db: Db, userId: number, now = new Date()): Promise<void> {
  await transaction(db, (tx) =>
    tx.update(users).set({ consentVersion: PRIVACY_NOTICE_VERSION, consentAt: now }).where(eq(users.id, userId)),
  );
}

/**
 * Sets a password; every reset link of the account dies with the old one, and every sign-in,
 * in one transaction.
 */
export async function setPassword(
  db: Db,
  userId: number,
  newPassword: string,
  actorUserId: number | null,
  details?: Record<string, string>,
): Promise<void> {
  // Hashed before the transaction: it waits only for its own statements.
  const passwordHash = await hashPassword(newPassword);
  await transaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, userId));
    await recordAuditEvent(tx, {
      actorUserId,
      action: "user.password_changed",
      entityType: "user",
      entityId: userId,
      details,
    });
    await invalidateUserSessions(tx, userId);
  });
}

export async function changePassword(
  db: Db,
  userId: number,
  currentPassword: string,
  newPassword: string,
): Promise<{ errors: FieldErrors } | { ok: true }> {
  const user = await getUserById(db, userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { errors: { currentPassword: "validation.wrongCurrentPassword" } };
  }
  const weak = checkNewPassword(newPassword, "newPassword");
  if (weak) return { errors: weak };
  await setPassword(db, userId, newPassword, userId);
  return { ok: true };
}

/** Changes a user's role (and institution), signing them out everywhere so old rights end now. */
export async function changeRole(
  db: Db,
  userId: number,
  role: UserRole,
  institutionId: number | null,
  actorUserId: number,
): Promise<void> {
  await transaction(db, async (tx) => {
    const [before] = await tx
      .select({ role: users.role, institutionId: users.institutionId })
      .from(users)
      .where(eq(users.id, userId));
    await tx
      .update(users)
      .set({ role, institutionId: role === "staff" ? institutionId : null })
      .where(eq(users.id, userId));
    await recordAuditEvent(tx, {
      actorUserId,
      action: "user.role_changed",
      entityType: "user",
      entityId: userId,
      details: { before, after: { role, institutionId } },
    });
    await invalidateUserSessions(tx, userId);
  });
}

/**
 * Deletes an account: the person's name, e-mail, organization and password are erased, the row
 * stays as an anonymous id, and registrations keep their country snapshot, so statistics (by
 * country, distinct participants) stay true.
 */
export async function deleteAccount(
  db: Db,
  userId: number,
  password: string,
): Promise<{ errors: FieldErrors } | { ok: true; notices: EnrollmentNotice[] }> {
  const user = await getUserById(db, userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    return { errors: { password: "validation.wrongCurrentPassword" } };
  }
  // Their upcoming seats go to the people waiting for them: a seat decision, under the seat lock.
  const notices = await withSeatLock(db, sessionsOfLivePlaces(userId), async (tx) => {
    const promoted = await releaseUpcomingPlaces(tx, { userId, now: new Date() });
    await tx
      .update(users)
      .set({
        email: `deleted-${userId}@deleted.invalid`,
        name: "",
        organization: null,
        passwordHash: null,
        consentVersion: null,
        consentAt: null,
        calendarTokenHash: null,
        deletedAt: new Date(),
      })
      .where(eq(users.id, userId));
    await recordAuditEvent(tx, { actorUserId: userId, action: "user.deleted", entityType: "user", entityId: userId });
    await invalidateUserSessions(tx, userId);
    return promoted;
  });
  return { ok: true, notices };
}

/** Everything we hold about a person, for the "download my data" button; the download is audited. */
export async function exportUserData(db: Db, userId: number, locale: string) {
  await transaction(db, (tx) =>
    recordAuditEvent(tx, { actorUserId: userId, action: "user.data_exported", entityType: "user", entityId: userId }),
  );
  const [user] = await db
    .select({
      email: users.email,
      name: users.name,
      countryCode: users.countryCode,
      organization: users.organization,
      locale: users.locale,
      role: users.role,
      consentVersion: users.consentVersion,
      consentAt: users.consentAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .where(eq(users.id, userId));
  const registrationRows = await db
    .select({
      id: registrations.id,
      status: registrations.status,
      countryCode: registrations.countryCode,
      registeredAt: registrations.createdAt,
      cancelledAt: registrations.cancelledAt,
      sessionId: trainingSessions.id,
      sessionTitle: trainingSessions.title,
      startsAt: trainingSessions.startsAt,
      endsAt: trainingSessions.endsAt,
      timeZone: trainingSessions.timeZone,
      mode: trainingSessions.mode,
      venue: trainingSessions.venue,
      courseCode: courses.code,
      courseTitle: courses.title,
      programTitle: programs.title,
      institutionName: institutions.name,
    })
    .from(registrations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .innerJoin(programs, eq(programs.id, courses.programId))
    .innerJoin(institutions, eq(institutions.id, programs.institutionId))
    .where(eq(registrations.userId, userId))
    .orderBy(trainingSessions.startsAt);
  const attendanceRows = await db
    .select({
      registrationId: attendance.registrationId,
      day: attendance.day,
      attended: attendance.attended,
      method: attendance.method,
    })
    .from(attendance)
    .innerJoin(registrations, eq(registrations.id, attendance.registrationId))
    .where(eq(registrations.userId, userId))
    .orderBy(attendance.day);
  // Each place names its training session, course, program and institution in the reader's
  // language, with the days attended under it: the file should read without our database.
  const placesWithDays = registrationRows.map((row) => ({
    id: row.id,
    status: row.status,
    countryCode: row.countryCode,
    registeredAt: row.registeredAt,
    cancelledAt: row.cancelledAt,
    trainingSession: {
      id: row.sessionId,
      title: pickLocalizedFirst([row.sessionTitle, row.courseTitle], locale),
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      timeZone: row.timeZone,
      mode: row.mode,
      venue: row.venue,
    },
    course: { code: row.courseCode, title: pickLocalized(row.courseTitle, locale) },
    program: pickLocalized(row.programTitle, locale),
    institution: pickLocalized(row.institutionName, locale),
    attendance: attendanceRows
      .filter((day) => day.registrationId === row.id)
      .map((day) => ({ day: day.day, attended: day.attended, method: day.method })),
  }));
  const activity = await db
    .select({
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      at: auditEvents.createdAt,
    })
    .from(auditEvents)
    .where(eq(auditEvents.actorUserId, userId));
  return {
    exportedAt: new Date().toISOString(),
    profile: user,
    registrations: placesWithDays,
    activity,
  };
}
