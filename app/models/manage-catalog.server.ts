/**
 * Writing the catalog from the institution console. Every function takes the acting user and
 * scopes by their institution in the query itself: staff reach only their own institution's
 * rows (anything else is "not found"); organizers reach all.
 */
import { and, asc, count, desc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import { courses, domains, institutions, programs, registrations, trainingSessions } from "../../db/schema";
import { pickLocalized, pickLocalizedFirst } from "../i18n/localized";
import { transaction, withSeatLock, type Db, type Handle } from "../utils/db.server";
import { utcToZonedLocal, zonedLocalToUtc } from "../utils/time-zone";
import { collectLocalized, localizedFormValues } from "../validation/localized-fields";
import type { ConsoleSessionFilters } from "../validation/catalog-filters";
import type { CourseInput, ProgramInput, SessionInput } from "../validation/manage";
import { ownScope, type Actor } from "./actor-scope.server";
import { sessionSearchCondition } from "./catalog.server";
import { recordAuditEvent } from "./audit.server";
import { cancelSessionRegistrations, fillFreeSeats, type EnrollmentNotice } from "./enrollment.server";
import { seatsTaken, seatsTakenColumn } from "./seat-ledger.server";
import type { FieldErrors } from "./users.server";

function institutionScope(actor: Actor, institutionId: number): boolean {
  return actor.role === "organizer" || actor.institutionId === institutionId;
}

// ─── reading for the console ────────────────────────────────────────────────────────────────

/** Programs and courses of one institution, for its console (its sessions are listed a page at a time). */
export async function getConsoleCatalog(
  db: Handle,
  {
    actor,
    institutionId,
    locale,
  }: {
    actor: Actor;
    institutionId: number;
    locale: string;
  },
) {
  if (!institutionScope(actor, institutionId)) return null;
  const programRows = await db
    .select({ id: programs.id, title: programs.title, domainName: domains.name })
    .from(programs)
    .innerJoin(domains, eq(domains.id, programs.domainId))
    .where(eq(programs.institutionId, institutionId))
    .orderBy(asc(programs.id));
  const courseRows = await db
    .select({
      id: courses.id,
      code: courses.code,
      title: courses.title,
      status: courses.status,
      programId: courses.programId,
    })
    .from(courses)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .where(eq(programs.institutionId, institutionId))
    .orderBy(asc(courses.code));
  return {
    programs: programRows.map((p) => ({
      ...p,
      title: pickLocalized(p.title, locale),
      domainName: pickLocalized(p.domainName, locale),
    })),
    courses: courseRows.map((c) => ({ ...c, title: pickLocalized(c.title, locale) })),
  };
}

export const CONSOLE_SESSIONS_PAGE_SIZE = 50;

/**
 * One page of an institution's training sessions for its console, past ones included: those
 * still running or to come soonest first, ended ones latest first, searched as the catalog is.
 */
export async function listConsoleSessions(
  db: Handle,
  {
    actor,
    institutionId,
    locale,
    filters,
    now = new Date(),
  }: {
    actor: Actor;
    institutionId: number;
    locale: string;
    filters: ConsoleSessionFilters;
    now?: Date;
  },
) {
  if (!institutionScope(actor, institutionId)) return null;
  const where = and(
    eq(programs.institutionId, institutionId),
    filters.when === "current" ? gt(trainingSessions.endsAt, now) : undefined,
    filters.when === "past" ? lte(trainingSessions.endsAt, now) : undefined,
    filters.status ? eq(trainingSessions.status, filters.status) : undefined,
    filters.q ? sessionSearchCondition(filters.q) : undefined,
  );
  const scoped = <T extends SQLiteSelect>(query: T) =>
    query
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .innerJoin(programs, eq(programs.id, courses.programId))
      .where(where);
  const [totalRow] = await scoped(db.select({ n: count() }).from(trainingSessions).$dynamic());
  const total = totalRow?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / CONSOLE_SESSIONS_PAGE_SIZE));
  const page = Math.min(filters.page, pages);
  const rows = await scoped(
    db
      .select({
        id: trainingSessions.id,
        title: trainingSessions.title,
        courseTitle: courses.title,
        startsAt: trainingSessions.startsAt,
        endsAt: trainingSessions.endsAt,
        timeZone: trainingSessions.timeZone,
        status: trainingSessions.status,
        mode: trainingSessions.mode,
        capacity: trainingSessions.capacity,
        confirmed: seatsTakenColumn,
      })
      .from(trainingSessions)
      .$dynamic(),
  )
    .orderBy(
      filters.when === "current" ? asc(trainingSessions.startsAt) : desc(trainingSessions.startsAt),
      asc(trainingSessions.id),
    )
    .limit(CONSOLE_SESSIONS_PAGE_SIZE)
    .offset((page - 1) * CONSOLE_SESSIONS_PAGE_SIZE);
  return {
    total,
    page,
    pages,
    sessions: rows.map(({ title, courseTitle, ...s }) => ({
      ...s,
      title: pickLocalizedFirst([title, courseTitle], locale),
    })),
  };
}

/** Courses the actor may schedule sessions of, for the editor's select. */
export async function listSchedulableCourses(db: Handle, { actor, locale }: { actor: Actor; locale: string }) {
  const rows = await db
    .select({ id: courses.id, code: courses.code, title: courses.title })
    .from(courses)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .where(and(ownScope(actor), inArray(courses.status, ["draft", "published"])))
    .orderBy(asc(courses.code));
  return rows.map((c) => ({ value: String(c.id), label: `${c.code} · ${pickLocalized(c.title, locale)}` }));
}

export async function listOwnPrograms(db: Handle, { actor, locale }: { actor: Actor; locale: string }) {
  const rows = await db
    .select({ id: programs.id, title: programs.title })
    .from(programs)
    .where(ownScope(actor))
    .orderBy(asc(programs.id));
  return rows.map((p) => ({ value: String(p.id), label: pickLocalized(p.title, locale) }));
}

/** A session as its editor shows it, or null when it is not the actor's to edit. */
export async function getSessionForEditing(db: Handle, { actor, sessionId }: { actor: Actor; sessionId: number }) {
  const [row] = await db
    .select({ session: trainingSessions, institutionId: programs.institutionId })
    .from(trainingSessions)
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .innerJoin(programs, eq(programs.id, courses.programId))
    .where(and(eq(trainingSessions.id, sessionId), ownScope(actor)));
  if (!row) return null;
  const s = row.session;
  return {
    id: s.id,
    status: s.status,
    cancellationReason: s.cancellationReason,
    values: {
      course: String(s.courseId),
      ...localizedFormValues("title", s.title),
      ...localizedFormValues("summary", s.summary),
      ...localizedFormValues("venue", s.venue),
      ...localizedFormValues("coHost", s.coHost),
      mode: s.mode,
      timeZone: s.timeZone,
      startsLocal: utcToZonedLocal(s.startsAt, s.timeZone),
      endsLocal: utcToZonedLocal(s.endsAt, s.timeZone),
      opensLocal: utcToZonedLocal(s.enrollmentOpensAt, s.timeZone),
      closesLocal: utcToZonedLocal(s.enrollmentClosesAt, s.timeZone),
      capacity: String(s.capacity),
      joinUrl: s.joinUrl ?? "",
      languages: s.languages.join(","),
    },
  };
}

// ─── writing ────────────────────────────────────────────────────────────────────────────────

function sessionValues(input: SessionInput) {
  const z = input.timeZone;
  const nonEmpty = (text: Record<string, string>) => (Object.keys(text).length > 0 ? text : null);
  return {
    courseId: input.course,
    title: nonEmpty(collectLocalized(input, "title")),
    summary: nonEmpty(collectLocalized(input, "summary")),
    venue: input.mode === "online" ? null : nonEmpty(collectLocalized(input, "venue")),
    coHost: nonEmpty(collectLocalized(input, "coHost")),
    mode: input.mode,
    timeZone: z,
    startsAt: zonedLocalToUtc(input.startsLocal, z),
    endsAt: zonedLocalToUtc(input.endsLocal, z),
    enrollmentOpensAt: zonedLocalToUtc(input.opensLocal, z),
    enrollmentClosesAt: zonedLocalToUtc(input.closesLocal, z),
    capacity: input.capacity,
    joinUrl: input.mode === "offline" ? null : input.joinUrl || null,
    languages: input.languages,
  };
}

/** True when the course is one the actor may schedule. */
async function ownsCourse(db: Handle, actor: Actor, courseId: number): Promise<boolean> {
  const [course] = await db
    .select({ id: courses.id })
    .from(courses)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .where(and(eq(courses.id, courseId), ownScope(actor)));
  return Boolean(course);
}

/** Creates a draft session of one of the actor's courses. */
export async function createSession(
  db: Db,
  {
    actor,
    input,
  }: {
    actor: Actor;
    input: SessionInput;
  },
): Promise<{ id: number } | { errors: FieldErrors }> {
  if (!(await ownsCourse(db, actor, input.course))) return { errors: { course: "validation.required" } };
  return transaction(db, async (tx) => {
    const [created] = await tx
      .insert(trainingSessions)
      .values({ ...sessionValues(input), status: "draft" })
      .returning({ id: trainingSessions.id });
    if (!created) throw new Error("The session was not stored.");
    const { id } = created;
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "session.created",
      entityType: "training_session",
      entityId: id,
    });
    return { id };
  });
}

/**
 * Saves a session's editor. The capacity may not drop below the places already confirmed;
 * the check and the write are taken under the seat lock, so no enrollment slips in between.
 */
export async function updateSession(
  db: Db,
  {
    actor,
    sessionId,
    input,
    publish = false,
  }: {
    actor: Actor;
    sessionId: number;
    input: SessionInput;
    publish?: boolean;
  },
): Promise<{ ok: true; notices: EnrollmentNotice[] } | { errors: FieldErrors } | { notFound: true }> {
  if (!(await getSessionForEditing(db, { actor, sessionId }))) return { notFound: true };
  if (!(await ownsCourse(db, actor, input.course))) return { errors: { course: "validation.required" } };
  return withSeatLock(db, [sessionId], async (tx) => {
    const confirmed = await seatsTaken(tx, sessionId);
    if (input.capacity < confirmed) return { errors: { capacity: "validation.capacityBelowConfirmed" } };
    const [current] = await tx
      .select({ status: trainingSessions.status })
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    const status = publish && current?.status === "draft" ? "published" : current?.status;
    await tx
      .update(trainingSessions)
      .set({ ...sessionValues(input), status })
      .where(eq(trainingSessions.id, sessionId));
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: publish ? "session.published" : "session.updated",
      entityType: "training_session",
      entityId: sessionId,
    });
    // A larger capacity takes people off the waitlist, in queue order, in this same transaction.
    const notices = await fillFreeSeats(tx, { sessionId, actorUserId: actor.id, cause: "capacity" });
    return { ok: true as const, notices };
  });
}

/** Cancels a session with a reason; it stays visible as cancelled, and its places are cancelled. */
export async function cancelSession(
  db: Db,
  {
    actor,
    sessionId,
    reason,
  }: {
    actor: Actor;
    sessionId: number;
    reason: string;
  },
): Promise<{ ok: true; notices: EnrollmentNotice[] } | { notFound: true }> {
  if (!(await getSessionForEditing(db, { actor, sessionId }))) return { notFound: true };
  return withSeatLock(db, [sessionId], async (tx) => {
    const now = new Date();
    await tx
      .update(trainingSessions)
      .set({ status: "cancelled", cancellationReason: reason })
      .where(eq(trainingSessions.id, sessionId));
    const notices = await cancelSessionRegistrations(tx, { sessionId, actorUserId: actor.id, reason, now });
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "session.cancelled",
      entityType: "training_session",
      entityId: sessionId,
      details: { reason, registrationsCancelled: notices.length },
    });
    return { ok: true as const, notices };
  });
}

/** A new draft run of the same course, one week later, with nobody registered. */
export async function duplicateSession(
  db: Db,
  {
    actor,
    sessionId,
  }: {
    actor: Actor;
    sessionId: number;
  },
): Promise<{ id: number } | { notFound: true }> {
  const source = await getSessionForEditing(db, { actor, sessionId });
  if (!source) return { notFound: true };
  const [original] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId));
  if (!original) return { notFound: true };
  const week = 7 * 86_400_000;
  const { id: _id, createdAt: _created, cancellationReason: _reason, ...rest } = original;
  return transaction(db, async (tx) => {
    const [created] = await tx
      .insert(trainingSessions)
      .values({
        ...rest,
        status: "draft",
        startsAt: new Date(rest.startsAt.getTime() + week),
        endsAt: new Date(rest.endsAt.getTime() + week),
        enrollmentOpensAt: new Date(rest.enrollmentOpensAt.getTime() + week),
        enrollmentClosesAt: new Date(rest.enrollmentClosesAt.getTime() + week),
      })
      .returning({ id: trainingSessions.id });
    if (!created) throw new Error("The session was not stored.");
    const { id } = created;
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "session.duplicated",
      entityType: "training_session",
      entityId: id,
      details: { from: sessionId },
    });
    return { id };
  });
}

/** Creates a program of the actor's institution (organizers: of `institutionId`). */
export async function createProgram(
  db: Db,
  {
    actor,
    institutionId,
    input,
  }: {
    actor: Actor;
    institutionId: number;
    input: ProgramInput;
  },
): Promise<{ id: number } | { errors: FieldErrors }> {
  if (!institutionScope(actor, institutionId)) return { errors: { domain: "validation.required" } };
  const [domain] = await db.select({ id: domains.id }).from(domains).where(eq(domains.slug, input.domain));
  if (!domain) return { errors: { domain: "validation.required" } };
  return transaction(db, async (tx) => {
    const [created] = await tx
      .insert(programs)
      .values({
        institutionId,
        domainId: domain.id,
        title: collectLocalized(input, "title"),
        summary: collectLocalized(input, "summary"),
        languages: input.languages,
      })
      .returning({ id: programs.id });
    if (!created) throw new Error("The program was not stored.");
    const { id } = created;
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "program.created",
      entityType: "program",
      entityId: id,
    });
    return { id };
  });
}

function courseValues(programId: number, input: CourseInput) {
  return {
    programId,
    code: input.code,
    title: collectLocalized(input, "title"),
    summary: collectLocalized(input, "summary"),
    hours: input.hours,
    level: input.level,
    languages: input.languages,
  };
}

/** Creates a draft course in one of the actor's programs. */
export async function createCourse(
  db: Db,
  {
    actor,
    input,
  }: {
    actor: Actor;
    input: CourseInput;
  },
): Promise<{ id: number } | { errors: FieldErrors }> {
  const [program] = await db
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, input.program), ownScope(actor)));
  if (!program) return { errors: { program: "validation.required" } };
  const [clash] = await db.select({ id: courses.id }).from(courses).where(eq(courses.code, input.code));
  if (clash) return { errors: { code: "validation.courseCodeTaken" } };
  return transaction(db, async (tx) => {
    const [created] = await tx
      .insert(courses)
      .values({ ...courseValues(program.id, input), status: "draft" })
      .returning({ id: courses.id });
    if (!created) throw new Error("The course was not stored.");
    const { id } = created;
    await recordAuditEvent(tx, { actorUserId: actor.id, action: "course.created", entityType: "course", entityId: id });
    return { id };
  });
}

/**
 * Moves a course between draft, published and archived. Archiving waits until no upcoming
 * session of the course has trainees in it.
 */
export async function setCourseStatus(
  db: Db,
  {
    actor,
    courseId,
    status,
  }: {
    actor: Actor;
    courseId: number;
    status: "draft" | "published" | "archived";
  },
): Promise<{ ok: true } | { errors: FieldErrors } | { notFound: true }> {
  return transaction(db, async (tx) => {
    const [course] = await tx
      .select({ id: courses.id })
      .from(courses)
      .innerJoin(programs, eq(programs.id, courses.programId))
      .where(and(eq(courses.id, courseId), ownScope(actor)));
    if (!course) return { notFound: true as const };
    if (status === "archived") {
      const [busy] = await tx
        .select({ n: sql<number>`count(*)` })
        .from(registrations)
        .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
        .where(
          and(
            eq(trainingSessions.courseId, courseId),
            gt(trainingSessions.startsAt, new Date()),
            inArray(registrations.status, ["confirmed", "waitlisted"]),
          ),
        );
      if ((busy?.n ?? 0) > 0) return { errors: { status: "validation.archiveWithTrainees" } };
    }
    await tx.update(courses).set({ status }).where(eq(courses.id, courseId));
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: `course.${status}`,
      entityType: "course",
      entityId: courseId,
    });
    return { ok: true as const };
  });
}

/** Saves a course's content (code, titles, summaries, hours, level, languages) within the actor's scope. */
export async function updateCourse(
  db: Db,
  {
    actor,
    courseId,
    input,
  }: {
    actor: Actor;
    courseId: number;
    input: CourseInput;
  },
): Promise<{ ok: true } | { errors: FieldErrors } | { notFound: true }> {
  const [owned] = await db
    .select({ id: courses.id })
    .from(courses)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .where(and(eq(courses.id, courseId), ownScope(actor)));
  if (!owned) return { notFound: true };
  const [program] = await db
    .select({ id: programs.id })
    .from(programs)
    .where(and(eq(programs.id, input.program), ownScope(actor)));
  if (!program) return { errors: { program: "validation.required" } };
  const [clash] = await db.select({ id: courses.id }).from(courses).where(eq(courses.code, input.code));
  if (clash && clash.id !== courseId) return { errors: { code: "validation.courseCodeTaken" } };
  await transaction(db, async (tx) => {
    await tx.update(courses).set(courseValues(program.id, input)).where(eq(courses.id, courseId));
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "course.updated",
      entityType: "course",
      entityId: courseId,
    });
  });
  return { ok: true };
}

/** The course's editing view: status and sessions, or null outside the actor's scope. */
export async function getCourseForManaging(
  db: Handle,
  { actor, courseId, locale }: { actor: Actor; courseId: number; locale: string },
) {
  const [row] = await db
    .select({ course: courses, institutionName: institutions.name })
    .from(courses)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .innerJoin(institutions, eq(institutions.id, programs.institutionId))
    .where(and(eq(courses.id, courseId), ownScope(actor)));
  if (!row) return null;
  const sessions = await db
    .select({
      id: trainingSessions.id,
      startsAt: trainingSessions.startsAt,
      status: trainingSessions.status,
      timeZone: trainingSessions.timeZone,
    })
    .from(trainingSessions)
    .where(eq(trainingSessions.courseId, courseId))
    .orderBy(desc(trainingSessions.startsAt));
  const c = row.course;
  return {
    id: c.id,
    code: c.code,
    title: pickLocalized(c.title, locale),
    status: c.status,
    values: {
      program: String(c.programId),
      code: c.code,
      hours: String(c.hours),
      level: c.level,
      languages: c.languages.join(","),
      ...localizedFormValues("title", c.title),
      ...localizedFormValues("summary", c.summary),
    } as Record<string, string>,
    institutionName: pickLocalized(row.institutionName, locale),
    sessions,
  };
}

/** A program's form values, or null outside the actor's scope. */
export async function getProgramForEditing(db: Handle, { actor, programId }: { actor: Actor; programId: number }) {
  const [row] = await db
    .select({ program: programs, domainSlug: domains.slug })
    .from(programs)
    .innerJoin(domains, eq(domains.id, programs.domainId))
    .where(and(eq(programs.id, programId), ownScope(actor)));
  if (!row) return null;
  const values: Record<string, string> = {
    domain: row.domainSlug,
    languages: row.program.languages.join(","),
    ...localizedFormValues("title", row.program.title),
    ...localizedFormValues("summary", row.program.summary),
  };
  return { id: row.program.id, values };
}

export async function updateProgram(
  db: Db,
  {
    actor,
    programId,
    input,
  }: {
    actor: Actor;
    programId: number;
    input: ProgramInput;
  },
): Promise<{ ok: true } | { errors: FieldErrors } | { notFound: true }> {
  if (!(await getProgramForEditing(db, { actor, programId }))) return { notFound: true };
  const [domain] = await db.select({ id: domains.id }).from(domains).where(eq(domains.slug, input.domain));
  if (!domain) return { errors: { domain: "validation.required" } };
  await transaction(db, async (tx) => {
    await tx
      .update(programs)
      .set({
        domainId: domain.id,
        title: collectLocalized(input, "title"),
        summary: collectLocalized(input, "summary"),
        languages: input.languages,
      })
      .where(eq(programs.id, programId));
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "program.updated",
      entityType: "program",
      entityId: programId,
    });
  });
  return { ok: true };
}
