/**
 * Places in training sessions: enrolling, leaving, the waitlist and its promotions.
 *
 * The rules that keep seats honest:
 * - Every check-then-write runs under the seat lock (`withSeatLock`), so the count that decides
 *   a seat and the row that takes it cannot be separated, even when several processes share the
 *   database.
 * - Seats are counted from the rows every time, by the seat ledger (seat-ledger.server.ts) and
 *   nowhere else; nothing is cached.
 * - Nobody waits while a seat is free: whatever frees a seat (a cancellation, a removal, a
 *   larger capacity) fills it from the waitlist in the same transaction.
 *
 * Functions that change registrations queue `notices` (what each trainee must be told) in the
 * same transaction and return them; enrollment-mail.server.ts mails them after the commit.
 */
import { and, asc, eq, gt, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { alias, type SQLiteSelect } from "drizzle-orm/sqlite-core";
import { courses, enrollmentNotices, programs, registrations, trainingSessions, users } from "../../db/schema";
import { foldedContains } from "../../db/search-fold";
import { pickLocalized, pickLocalizedFirst } from "../i18n/localized";
import { preparedStatements, withSeatLock, type Db, type Handle, type Tx } from "../utils/db.server";
import type { SessionUser } from "../utils/session.server";
import type { Actor } from "./actor-scope.server";
import { auditEventInsert, recordAuditEvent } from "./audit.server";
import { engineSql } from "./engine-sql/index.server";
import { describeAvailability } from "./availability";
import { publiclyVisible, withCatalogJoins } from "./catalog.server";
import { getManagedSession } from "./managed-session.server";
import {
  nextInQueue,
  placesByStatus,
  seatFactsColumns,
  seatFor,
  seatPool,
  sessionOfPlace,
  seatsTaken,
  waitlistPosition,
  waitlistPositionColumn,
  waitlistPositions,
} from "./seat-ledger.server";

export type CancelledBy = "trainee" | "staff" | "session";

/** Something a trainee must be told about their place, once the change is committed. */
export type EnrollmentNotice =
  | { kind: "confirmed"; registrationId: number }
  | { kind: "waitlisted"; registrationId: number; position: number }
  | { kind: "promoted"; registrationId: number }
  | { kind: "cancelled"; registrationId: number; by: CancelledBy; reason: string | null };

export type EnrollRefusal = "not_found" | "cancelled" | "past" | "not_yet_open" | "closed";

export type EnrollResult =
  | {
      ok: true;
      registrationId: number;
      status: "confirmed" | "waitlisted";
      /** Place on the waitlist (1 = next), null when confirmed. */
      position: number | null;
      /** False when the trainee already had this place: enrolling twice changes nothing. */
      changed: boolean;
      notices: EnrollmentNotice[];
    }
  | { ok: false; reason: EnrollRefusal };

const placeholder = sql.placeholder;

/**
 * Grows a session to `to` seats, recorded as `session.capacity_raised` with why: the only ways
 * a capacity grows without an editor are a hand promotion and people added by an attendance
 * import. Call inside the transaction of the change that needs the seats.
 */
async function raiseCapacity(
  tx: Tx,
  {
    actor,
    sessionId,
    from,
    to,
    why,
  }: {
    actor: Actor;
    sessionId: number;
    from: number;
    to: number;
    why: Record<string, unknown>;
  },
): Promise<void> {
  await tx.update(trainingSessions).set({ capacity: to }).where(eq(trainingSessions.id, sessionId));
  await recordAuditEvent(tx, {
    actorUserId: actor.id,
    action: "session.capacity_raised",
    entityType: "training_session",
    entityId: sessionId,
    details: { from, to, ...why },
  });
}

/** After places were added without a seat check (an attendance import), makes the capacity fit them. */
export async function growCapacityToFit(
  tx: Tx,
  {
    actor,
    sessionId,
    why,
  }: {
    actor: Actor;
    sessionId: number;
    why: Record<string, unknown>;
  },
): Promise<void> {
  const pool = await seatPool(tx, sessionId);
  if (pool && pool.confirmed > pool.capacity)
    await raiseCapacity(tx, { actor, sessionId, from: pool.capacity, to: pool.confirmed, why });
}

/** The enrollment path's statements, compiled once: enrolling is the hottest write there is. */
const ownPlace = alias(registrations, "own_place");
const enrollStatements = preparedStatements((db: Tx) => ({
  // The session, its seat facts and the trainee's own place in it, in one statement under the lock.
  sessionWithOwnPlace: withCatalogJoins(
    db
      .select({
        status: trainingSessions.status,
        startsAt: trainingSessions.startsAt,
        capacity: trainingSessions.capacity,
        enrollmentOpensAt: trainingSessions.enrollmentOpensAt,
        enrollmentClosesAt: trainingSessions.enrollmentClosesAt,
        ...seatFactsColumns,
        ownPlaceId: ownPlace.id,
        ownPlaceStatus: ownPlace.status,
      })
      .from(trainingSessions)
      .$dynamic(),
  )
    .leftJoin(ownPlace, and(eq(ownPlace.sessionId, trainingSessions.id), eq(ownPlace.userId, placeholder("userId"))))
    .where(and(publiclyVisible(), eq(trainingSessions.id, placeholder("sessionId"))))
    .prepare(),
}));

/** What a notice says, without the place it is about. */
type NoticeContent<N = EnrollmentNotice> = N extends EnrollmentNotice ? Omit<N, "registrationId"> : never;

/**
 * The insert that queues a notice for mail, not yet sent, about the place `registrationId` (a
 * number, or the SQL of a place being written in the same statement: writeWithDependents).
 */
function noticeInsert(tx: Tx, registrationId: number | SQL, notice: NoticeContent) {
  return tx.insert(enrollmentNotices).values({
    registrationId,
    kind: notice.kind,
    position: notice.kind === "waitlisted" ? notice.position : null,
    cancelledBy: notice.kind === "cancelled" ? notice.by : null,
    reason: notice.kind === "cancelled" ? notice.reason : null,
  });
}

/** Queues a notice for mail in the transaction of the change it tells about, and returns it. */
async function notify<N extends EnrollmentNotice>(tx: Tx, notice: N): Promise<N> {
  await noticeInsert(tx, notice.registrationId, notice);
  return notice;
}

/**
 * Takes a place for a trainee: a seat when one is free, otherwise the end of the waitlist.
 * Enrolling again while holding a place returns that place unchanged; after a cancellation the
 * same row is reused and the trainee queues anew.
 */
export function enroll(
  db: Db,
  {
    user,
    sessionId,
    now: givenNow,
  }: {
    user: Pick<SessionUser, "id" | "countryCode">;
    sessionId: number;
    now?: Date;
  },
): Promise<EnrollResult> {
  return withSeatLock(db, [sessionId], async (tx): Promise<EnrollResult> => {
    const statements = enrollStatements(tx);
    // Read the clock only once the write lock is held, so queue order follows commit order
    // even when another process waited for the lock with an earlier clock reading.
    const now = givenNow ?? new Date();
    const [session] = await statements.sessionWithOwnPlace.execute({ sessionId, userId: user.id });
    if (!session) return { ok: false, reason: "not_found" };

    const { ownPlaceId, ownPlaceStatus } = session;
    if (ownPlaceId !== null && ownPlaceStatus !== null && ownPlaceStatus !== "cancelled") {
      return {
        ok: true,
        registrationId: ownPlaceId,
        status: ownPlaceStatus,
        position: ownPlaceStatus === "waitlisted" ? await waitlistPosition(tx, { id: ownPlaceId }) : null,
        changed: false,
        notices: [],
      };
    }

    const seat = seatFor(session, user, now);
    const availability = describeAvailability(session, now);
    if (availability.kind !== "open" && availability.kind !== "full") return { ok: false, reason: availability.kind };

    // The place, its audit event and its notice: one statement on PostgreSQL.
    const { status, position } = seat;
    const place = { status, countryCode: user.countryCode, queuedAt: seat.queuedAt };
    const row =
      ownPlaceId !== null
        ? tx
            .update(registrations)
            .set({ ...place, cancelledAt: null, cancelledBy: null, cancellationReason: null })
            .where(eq(registrations.id, ownPlaceId))
            .returning({ id: registrations.id })
        : tx
            .insert(registrations)
            .values({ ...place, sessionId, userId: user.id })
            .returning({ id: registrations.id });
    const notice: NoticeContent = position ? { kind: "waitlisted", position } : { kind: "confirmed" };
    const registrationId = await engineSql.writeWithDependents(tx, {
      row,
      dependents: [
        (id) =>
          auditEventInsert(tx, {
            actorUserId: user.id,
            action: status === "confirmed" ? "registration.confirmed" : "registration.waitlisted",
            entityType: "registration",
            entityId: id,
            details: { sessionId, ...(position ? { position } : {}) },
          }),
        (id) => noticeInsert(tx, id, notice),
      ],
    });
    return { ok: true, registrationId, status, position, changed: true, notices: [{ ...notice, registrationId }] };
  });
}

/**
 * Gives every free seat of a session to the waitlist, first in the queue first. Call it inside
 * the transaction of whatever freed the seats.
 */
export async function fillFreeSeats(
  tx: Tx,
  { sessionId, actorUserId, cause }: { sessionId: number; actorUserId: number | null; cause: string },
): Promise<EnrollmentNotice[]> {
  const notices: EnrollmentNotice[] = [];
  for (const id of await nextInQueue(tx, sessionId)) {
    await tx.update(registrations).set({ status: "confirmed" }).where(eq(registrations.id, id));
    await recordAuditEvent(tx, {
      actorUserId,
      action: "registration.promoted",
      entityType: "registration",
      entityId: id,
      details: { sessionId, cause },
    });
    notices.push(await notify(tx, { kind: "promoted", registrationId: id }));
  }
  return notices;
}

export type CancelRefusal = "not_found" | "started" | "reason_required";

/** May this actor touch this registration? Trainees their own; staff their institution's; organizers all. */
async function registrationInScope(tx: Tx, actor: Actor, registrationId: number) {
  const query = tx
    .select({
      registration: registrations,
      startsAt: trainingSessions.startsAt,
      capacity: trainingSessions.capacity,
      institutionId: programs.institutionId,
    })
    .from(registrations)
    .$dynamic();
  const [row] = await withSessionJoins(query)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .where(eq(registrations.id, registrationId));
  if (!row) return null;
  const allowed =
    actor.role === "organizer" ||
    (actor.role === "staff" && actor.institutionId === row.institutionId) ||
    (actor.role === "trainee" && row.registration.userId === actor.id);
  return allowed ? row : null;
}

/**
 * Ends a place. Anyone may leave their own before the session starts. Someone else's place is
 * removed only through its session (the caller names it, from the URL) by staff of the session's
 * institution or an organizer, and always with a reason. Every check comes before the first
 * write. A freed seat goes to the waitlist in the same transaction. Cancelling a cancelled place
 * changes nothing.
 */
export function cancelRegistration(
  db: Db,
  {
    actor,
    registrationId,
    sessionId: expectedSessionId,
    reason = null,
    now = new Date(),
  }: {
    actor: Actor;
    registrationId: number;
    /** The session the place must belong to; required to remove someone else's. */
    sessionId?: number;
    reason?: string | null;
    now?: Date;
  },
): Promise<
  { ok: true; changed: boolean; sessionId: number; notices: EnrollmentNotice[] } | { ok: false; reason: CancelRefusal }
> {
  return withSeatLock(db, sessionOfPlace(registrationId), async (tx) => {
    const row = await registrationInScope(tx, actor, registrationId);
    if (!row) return { ok: false as const, reason: "not_found" as const };
    const { registration } = row;
    const sessionId = registration.sessionId;
    const own = registration.userId === actor.id;
    if ((!own || expectedSessionId !== undefined) && sessionId !== expectedSessionId)
      return { ok: false as const, reason: "not_found" as const };
    if (!own && !reason?.trim()) return { ok: false as const, reason: "reason_required" as const };
    if (registration.status === "cancelled") return { ok: true as const, changed: false, sessionId, notices: [] };
    const byTrainee = actor.role === "trainee";
    if (byTrainee && row.startsAt <= now) return { ok: false as const, reason: "started" as const };

    await tx
      .update(registrations)
      .set({ status: "cancelled", cancelledAt: now, cancelledBy: actor.id, cancellationReason: reason })
      .where(eq(registrations.id, registrationId));
    const by: CancelledBy = byTrainee ? "trainee" : "staff";
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "registration.cancelled",
      entityType: "registration",
      entityId: registrationId,
      details: { sessionId, by, previousStatus: registration.status, ...(reason ? { reason } : {}) },
    });
    const notices: EnrollmentNotice[] = [await notify(tx, { kind: "cancelled", registrationId, by, reason })];
    if (registration.status === "confirmed")
      notices.push(...(await fillFreeSeats(tx, { sessionId, actorUserId: actor.id, cause: "cancellation" })));
    return { ok: true as const, changed: true, sessionId, notices };
  });
}

/**
 * Confirms a waitlisted trainee ahead of the queue. The session is full (otherwise nobody would
 * be waiting), so the capacity grows by one seat for them: seats are never oversold, even by hand.
 */
export async function promoteByHand(
  db: Db,
  {
    actor,
    sessionId: expectedSessionId,
    registrationId,
  }: {
    actor: Actor;
    /** The session the place must belong to (from the URL): checked before anything changes. */
    sessionId: number;
    registrationId: number;
  },
): Promise<
  { ok: true; sessionId: number; notices: EnrollmentNotice[] } | { ok: false; reason: "not_found" | "not_waitlisted" }
> {
  if (actor.role === "trainee") return { ok: false, reason: "not_found" };
  return withSeatLock(db, sessionOfPlace(registrationId), async (tx) => {
    const row = await registrationInScope(tx, actor, registrationId);
    if (!row) return { ok: false as const, reason: "not_found" as const };
    const { registration } = row;
    const sessionId = registration.sessionId;
    if (sessionId !== expectedSessionId) return { ok: false as const, reason: "not_found" as const };
    if (registration.status !== "waitlisted") return { ok: false as const, reason: "not_waitlisted" as const };
    const confirmed = await seatsTaken(tx, sessionId);
    if (confirmed >= row.capacity)
      await raiseCapacity(tx, {
        actor,
        sessionId,
        from: row.capacity,
        to: confirmed + 1,
        why: { forRegistration: registrationId },
      });
    await tx.update(registrations).set({ status: "confirmed" }).where(eq(registrations.id, registrationId));
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "registration.promoted",
      entityType: "registration",
      entityId: registrationId,
      details: { sessionId, cause: "by_hand" },
    });
    return { ok: true as const, sessionId, notices: [await notify(tx, { kind: "promoted" as const, registrationId })] };
  });
}

/** Cancels every place of a session being cancelled; call it inside that transaction. */
export async function cancelSessionRegistrations(
  tx: Tx,
  { sessionId, actorUserId, reason, now }: { sessionId: number; actorUserId: number; reason: string; now: Date },
): Promise<EnrollmentNotice[]> {
  const open = await tx
    .select({ id: registrations.id, status: registrations.status })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), inArray(registrations.status, ["confirmed", "waitlisted"])));
  const notices: EnrollmentNotice[] = [];
  for (const { id, status } of open) {
    await tx
      .update(registrations)
      .set({ status: "cancelled", cancelledAt: now, cancelledBy: actorUserId, cancellationReason: reason })
      .where(eq(registrations.id, id));
    await recordAuditEvent(tx, {
      actorUserId,
      action: "registration.cancelled",
      entityType: "registration",
      entityId: id,
      details: { sessionId, by: "session", previousStatus: status, reason },
    });
    notices.push(await notify(tx, { kind: "cancelled", registrationId: id, by: "session", reason }));
  }
  return notices;
}

/**
 * Leaves every upcoming place of a person deleting their account, so their seats go to the
 * waitlist. Call it inside the deletion's transaction.
 */
export async function releaseUpcomingPlaces(
  tx: Tx,
  { userId, now }: { userId: number; now: Date },
): Promise<EnrollmentNotice[]> {
  const upcoming = await tx
    .select({ id: registrations.id, sessionId: registrations.sessionId, status: registrations.status })
    .from(registrations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
    .where(
      and(
        eq(registrations.userId, userId),
        inArray(registrations.status, ["confirmed", "waitlisted"]),
        gt(trainingSessions.startsAt, now),
      ),
    );
  const notices: EnrollmentNotice[] = [];
  for (const { id, sessionId, status } of upcoming) {
    await tx
      .update(registrations)
      .set({ status: "cancelled", cancelledAt: now, cancelledBy: userId })
      .where(eq(registrations.id, id));
    await recordAuditEvent(tx, {
      actorUserId: userId,
      action: "registration.cancelled",
      entityType: "registration",
      entityId: id,
      details: { sessionId, by: "account_deletion", previousStatus: status },
    });
    if (status === "confirmed")
      notices.push(...(await fillFreeSeats(tx, { sessionId, actorUserId: userId, cause: "cancellation" })));
  }
  return notices;
}

// ─── reading ────────────────────────────────────────────────────────────────────────────────

/** Joins a registration to its session and the session's course. */
function withSessionJoins<T extends SQLiteSelect>(query: T) {
  return query
    .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId));
}

/** Part of a name, address or organization in any letters' case and accents, or a country code. */
function registrantMatches(search: string) {
  return or(
    foldedContains(users.name, search),
    foldedContains(users.email, search),
    foldedContains(sql`coalesce(${users.organization}, '')`, search),
    eq(registrations.countryCode, search.toUpperCase()),
  );
}

/** The signed-in trainee's own place in a session, if they ever had one. */
export async function getOwnRegistration(db: Handle, { userId, sessionId }: { userId: number; sessionId: number }) {
  const [row] = await db
    .select({
      id: registrations.id,
      status: registrations.status,
      cancelledBy: registrations.cancelledBy,
      cancellationReason: registrations.cancellationReason,
      position: waitlistPositionColumn,
    })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, userId)));
  if (!row) return null;
  return {
    id: row.id,
    status: row.status,
    position: row.status === "waitlisted" ? row.position : null,
    cancelledByTrainee: row.status === "cancelled" && row.cancelledBy === userId,
    cancellationReason: row.cancellationReason,
  };
}

/** The joining link, for those allowed to see it: confirmed trainees of online or hybrid sessions. */
export async function getJoinUrl(
  db: Handle,
  { userId, sessionId }: { userId: number; sessionId: number },
): Promise<string | null> {
  const [row] = await db
    .select({ joinUrl: trainingSessions.joinUrl, mode: trainingSessions.mode })
    .from(registrations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
    .where(
      and(
        eq(registrations.sessionId, sessionId),
        eq(registrations.userId, userId),
        eq(registrations.status, "confirmed"),
      ),
    );
  return row && row.mode !== "offline" ? row.joinUrl : null;
}

/**
 * Other sessions the trainee holds a confirmed seat in that overlap this one in time:
 * allowed, but worth a warning.
 */
export async function findOverlappingPlaces(
  db: Handle,
  {
    userId,
    sessionId,
    locale,
  }: {
    userId: number;
    sessionId: number;
    locale: string;
  },
): Promise<{ sessionId: number; title: string }[]> {
  const [target] = await db
    .select({ startsAt: trainingSessions.startsAt, endsAt: trainingSessions.endsAt })
    .from(trainingSessions)
    .where(eq(trainingSessions.id, sessionId));
  if (!target) return [];
  const rows = await db
    .select({ sessionId: trainingSessions.id, title: trainingSessions.title, courseTitle: courses.title })
    .from(registrations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .where(
      and(
        eq(registrations.userId, userId),
        eq(registrations.status, "confirmed"),
        ne(trainingSessions.id, sessionId),
        ne(trainingSessions.status, "cancelled"),
        lt(trainingSessions.startsAt, target.endsAt),
        gt(trainingSessions.endsAt, target.startsAt),
      ),
    )
    .orderBy(asc(trainingSessions.startsAt));
  return rows.map((row) => ({
    sessionId: row.sessionId,
    title: pickLocalizedFirst([row.title, row.courseTitle], locale),
  }));
}

/** Everything a person needs to describe their places: for My enrollments, the feed and mail. */
function placeColumns() {
  return {
    registrationId: registrations.id,
    status: registrations.status,
    position: waitlistPositionColumn,
    cancellationReason: registrations.cancellationReason,
    cancelledAt: registrations.cancelledAt,
    queuedAt: registrations.queuedAt,
    sessionId: trainingSessions.id,
    sessionTitle: trainingSessions.title,
    courseTitle: courses.title,
    startsAt: trainingSessions.startsAt,
    endsAt: trainingSessions.endsAt,
    timeZone: trainingSessions.timeZone,
    mode: trainingSessions.mode,
    venue: trainingSessions.venue,
    joinUrl: trainingSessions.joinUrl,
    sessionStatus: trainingSessions.status,
  };
}

type PlaceRow = Awaited<ReturnType<typeof placeQuery>>[number];

function placeQuery(db: Handle) {
  return withSessionJoins(db.select(placeColumns()).from(registrations).$dynamic());
}

function localizePlace(row: PlaceRow, locale: string, now: Date) {
  const { sessionTitle, courseTitle, venue, joinUrl, position, ...rest } = row;
  return {
    ...rest,
    title: pickLocalizedFirst([sessionTitle, courseTitle], locale),
    venue: venue ? pickLocalized(venue, locale) : null,
    position: row.status === "waitlisted" ? position : null,
    // The joining link is for confirmed places only.
    joinUrl: row.status === "confirmed" && row.mode !== "offline" ? joinUrl : null,
    canCancel: row.status !== "cancelled" && row.startsAt > now,
  };
}

export type Place = ReturnType<typeof localizePlace>;

/** A trainee's places, upcoming (soonest first) and past (latest first). */
export async function listPlaces(
  db: Handle,
  { userId, locale, now = new Date() }: { userId: number; locale: string; now?: Date },
) {
  const rows = await placeQuery(db).where(eq(registrations.userId, userId)).orderBy(asc(trainingSessions.startsAt));
  const places = rows.map((row) => localizePlace(row, locale, now));
  return {
    upcoming: places.filter((p) => p.endsAt > now),
    past: places.filter((p) => p.endsAt <= now).reverse(),
  };
}

/** One place of a person (for its calendar file); null when it is not theirs. */
export async function getPlace(
  db: Handle,
  {
    userId,
    registrationId,
    locale,
    now = new Date(),
  }: {
    userId: number;
    registrationId: number;
    locale: string;
    now?: Date;
  },
): Promise<Place | null> {
  const [row] = await placeQuery(db).where(and(eq(registrations.id, registrationId), eq(registrations.userId, userId)));
  return row ? localizePlace(row, locale, now) : null;
}

/**
 * The places a batch of notices tells about, with each trainee's address and language, in one
 * query: a delivery reads the places of its whole batch at once. A deleted account has nobody to
 * tell and is left out.
 */
export type PlaceForMail = { email: string; name: string; locale: string; place: ReturnType<typeof localizePlace> };

export async function getPlacesForMail(db: Handle, registrationIds: number[], now = new Date()) {
  const found = new Map<number, PlaceForMail>();
  if (registrationIds.length === 0) return found;
  const rows = await withSessionJoins(
    db
      .select({
        ...placeColumns(),
        email: users.email,
        name: users.name,
        locale: users.locale,
        deletedAt: users.deletedAt,
      })
      .from(registrations)
      .$dynamic(),
  )
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(inArray(registrations.id, registrationIds));
  for (const { email, name, locale, deletedAt, ...place } of rows)
    if (!deletedAt) found.set(place.registrationId, { email, name, locale, place: localizePlace(place, locale, now) });
  return found;
}

/** A slice of a long list: the roster shows a page at a time, the exports take everything. */
export type ListPage = { limit: number; offset: number };

/**
 * Registrants of a session for its staff: waitlist in queue order after the confirmed. Waitlist
 * positions are numbered once over the whole queue (a window over the session's waitlisted rows),
 * so a search or a page shows each person's true position, and 45,000 registrants cost one sort.
 */
export async function listRegistrants(
  db: Handle,
  {
    actor,
    sessionId,
    locale,
    search,
    page,
  }: {
    actor: Actor;
    sessionId: number;
    locale: string;
    /** Part of a name, an e-mail address or an organization, or a country code. */
    search?: string;
    page?: ListPage;
  },
) {
  const session = await getManagedSession(db, { actor, sessionId });
  if (!session) return null;
  const queue = waitlistPositions(db, sessionId);
  const matching = and(eq(registrations.sessionId, sessionId), search ? registrantMatches(search) : undefined);
  const query = db
    .with(queue)
    .select({
      registrationId: registrations.id,
      status: registrations.status,
      position: queue.position,
      countryCode: registrations.countryCode,
      queuedAt: registrations.queuedAt,
      cancellationReason: registrations.cancellationReason,
      name: users.name,
      email: users.email,
      organization: users.organization,
      deletedAt: users.deletedAt,
    })
    .from(registrations)
    .innerJoin(users, eq(users.id, registrations.userId))
    .leftJoin(queue, eq(queue.id, registrations.id))
    .where(matching)
    .orderBy(
      sql`case ${registrations.status} when 'confirmed' then 0 when 'waitlisted' then 1 else 2 end`,
      asc(registrations.queuedAt),
      asc(registrations.id),
    )
    .$dynamic();
  const rows = await (page ? query.limit(page.limit).offset(page.offset) : query);
  const { confirmed, waitlisted, all } = await placesByStatus(db, sessionId);
  const [matched] = search
    ? await db
        .select({ count: sql<number>`count(*)` })
        .from(registrations)
        .innerJoin(users, eq(users.id, registrations.userId))
        .where(matching)
    : [{ count: all }];
  const matches = matched?.count ?? 0;
  const { title, courseTitle, checkInSecret: _secret, ...rest } = session;
  return {
    session: { ...rest, title: pickLocalizedFirst([title, courseTitle], locale) },
    registrants: rows.map((row) => ({ ...row, position: row.status === "waitlisted" ? row.position : null })),
    counts: { confirmed, waitlisted, all, matching: matches },
  };
}
