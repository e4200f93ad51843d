/**
 * The seat ledger: the only code that counts seats. Free seats, who is confirmed, the waitlist's
 * order and each person's place in it, who is promoted when seats free up, and the consistency
 * check the tests run after every change — every other module asks here (the catalog, the console,
 * the API, enrollment, promotions, the attendance import, the exports' checks).
 *
 * Seats are held in pools. Today a session has one, its default pool: its capacity, open to every
 * country. Per-country quotas (a later issue) add pools with a share of the capacity and a rule
 * for who may take a seat from them; because callers only ask "is there a seat for this
 * registrant" and "who is next", that is a change of data and of this module, not of its callers.
 *
 * Every function works on the handle it is given — the database, or the transaction the caller
 * holds — and never reaches for another: a decision and the write that follows it must see the
 * same rows. Call the deciding functions (`seatFor` with facts read there, `nextInQueue`) only
 * inside the seat lock (`withSeatLock`), so that no other writer moves the counts between the
 * decision and the write.
 */
import { and, asc, count, eq, inArray, sql, type SQL } from "drizzle-orm";
import { registrations, trainingSessions } from "../../db/schema";
import type { Handle } from "../utils/db.server";
import { seatsLeft } from "./seats";

/** The waitlist's order, first in the queue first: when they queued, ties broken by the row's id. */
export const WAITLIST_ORDER = [asc(registrations.queuedAt), asc(registrations.id)] as const;

export { seatsLeft } from "./seats";

/** The session a place is in, for the seat lock to take (a place never moves to another session). */
export function sessionOfPlace(registrationId: number): (db: Handle) => Promise<number[]> {
  return async (db) => {
    const rows = await db
      .select({ sessionId: registrations.sessionId })
      .from(registrations)
      .where(eq(registrations.id, registrationId));
    return rows.map((row) => row.sessionId);
  };
}

/** The sessions a person holds a place in (confirmed or waiting), for the seat lock to take. */
export function sessionsOfLivePlaces(userId: number): (db: Handle) => Promise<number[]> {
  return async (db) => {
    const rows = await db
      .selectDistinct({ sessionId: registrations.sessionId })
      .from(registrations)
      .where(and(eq(registrations.userId, userId), inArray(registrations.status, ["confirmed", "waitlisted"])));
    return rows.map((row) => row.sessionId);
  };
}

/** Confirmed places of a session, counted from the rows. */
export async function seatsTaken(db: Handle, sessionId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "confirmed")));
  return row?.n ?? 0;
}

/** A session's default pool (its capacity) with the seats taken from it; null for no such session. */
export async function seatPool(db: Handle, sessionId: number) {
  const [session] = await db
    .select({ capacity: trainingSessions.capacity, status: trainingSessions.status })
    .from(trainingSessions)
    .where(eq(trainingSessions.id, sessionId));
  if (!session) return null;
  const confirmed = await seatsTaken(db, sessionId);
  return { ...session, confirmed, free: seatsLeft({ capacity: session.capacity, confirmed }) };
}

/** What a seat decision reads of a session under the seat lock, in the statement that reads the session. */
export type SeatFacts = { capacity: number; confirmed: number; waitlisted: number; lastQueuedAt: Date | null };

/** A newcomer's place: a seat, or the end of the waitlist with the time it queued at and its position. */
export type SeatDecision =
  { status: "confirmed"; queuedAt: Date; position: null } | { status: "waitlisted"; queuedAt: Date; position: number };

/**
 * Whether a newcomer gets a seat or a place at the end of the waitlist, from the session's seat
 * facts as read inside the seat lock, in the statement that reads the session (seatFactsColumns):
 * each round trip to PostgreSQL there is time the lock is held. With quotas the registrant's
 * country will choose the pool, whose count this reads; today every registrant draws on the
 * default pool.
 *
 * A newcomer queues now, or just after the last one waiting if the clock says otherwise (two
 * entries in one millisecond, a clock stepped back): positions already told to people waiting
 * never change except by someone ahead of them leaving. So everyone waiting is ahead of the
 * newcomer, whose position is the waitlist's length plus one.
 */
export function seatFor(facts: SeatFacts, _registrant: { countryCode: string }, now: Date): SeatDecision {
  if (facts.confirmed < facts.capacity) return { status: "confirmed", queuedAt: now, position: null };
  const last = facts.lastQueuedAt;
  const queuedAt = last && last >= now ? new Date(last.getTime() + 1) : now;
  return { status: "waitlisted", queuedAt, position: facts.waitlisted + 1 };
}

/** A waitlisted registration's place in the queue: 1 + those ahead of it in WAITLIST_ORDER. */
export async function waitlistPosition(db: Handle, registration: { id: number }): Promise<number> {
  const [row] = await db
    .select({ position: waitlistPositionColumn })
    .from(registrations)
    .where(eq(registrations.id, registration.id));
  return row?.position ?? 1;
}

/**
 * The waitlisted registrations that the session's free seats go to, first in the queue first:
 * none when the session is cancelled or full. The caller confirms them in the same transaction.
 */
export async function nextInQueue(db: Handle, sessionId: number): Promise<number[]> {
  const pool = await seatPool(db, sessionId);
  if (!pool || pool.status === "cancelled" || pool.free === 0) return [];
  const rows = await db
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "waitlisted")))
    .orderBy(...WAITLIST_ORDER)
    .limit(pool.free);
  return rows.map((row) => row.id);
}

// ─── Columns for lists: the same counts, for many sessions or registrations in one query ─────
// Correlated subqueries are written out: drizzle drops the table name from a column reference
// when the outer query has one table, which makes `id` ambiguous inside them.

/** A session row's confirmed places (its seats taken), for a query over training_sessions. */
export const seatsTakenColumn = sql<number>`(select count(*) from registrations r
  where r.session_id = "training_sessions"."id" and r.status = 'confirmed')`;

/** A session row's waitlist length, for a query over training_sessions. */
export const waitlistLengthColumn = sql<number>`(select count(*) from registrations r
  where r.session_id = "training_sessions"."id" and r.status = 'waitlisted')`;

/** When a session row's last waitlisted registration queued (null: nobody waits), for a query over training_sessions. */
export const lastInQueueColumn = sql<Date | null>`(select max(r.queued_at) from registrations r
  where r.session_id = "training_sessions"."id" and r.status = 'waitlisted')`.mapWith(registrations.queuedAt);

/** A session row's SeatFacts but its capacity, for the query that reads the session under the seat lock. */
export const seatFactsColumns = {
  confirmed: seatsTakenColumn,
  waitlisted: waitlistLengthColumn,
  lastQueuedAt: lastInQueueColumn,
};

/** Whether a session row still has a seat, for a query over training_sessions. */
export const hasFreeSeat: SQL = sql`${seatsTakenColumn} < ${trainingSessions.capacity}`;

/**
 * A registration row's waitlist position (meaningful for waitlisted rows), for a query over
 * registrations: WAITLIST_ORDER, counted.
 */
export const waitlistPositionColumn = sql<number>`(select count(*) + 1 from registrations w
  where w.session_id = "registrations"."session_id" and w.status = 'waitlisted'
    and (w.queued_at < "registrations"."queued_at"
      or (w.queued_at = "registrations"."queued_at" and w.id < "registrations"."id")))`;

/** Every waitlisted registration of a session with its position, as a subquery to join a roster to. */
export function waitlistPositions(db: Handle, sessionId: number) {
  return db.$with("queue").as(
    db
      .select({
        id: registrations.id,
        position: sql<number>`row_number() over (order by ${registrations.queuedAt}, ${registrations.id})`.as(
          "position",
        ),
      })
      .from(registrations)
      .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "waitlisted"))),
  );
}

/** Places of a session by status, counted. */
export async function placesByStatus(db: Handle, sessionId: number) {
  const rows = await db
    .select({ status: registrations.status, n: count() })
    .from(registrations)
    .where(eq(registrations.sessionId, sessionId))
    .groupBy(registrations.status);
  const of = (status: string) => rows.find((row) => row.status === status)?.n ?? 0;
  return { confirmed: of("confirmed"), waitlisted: of("waitlisted"), all: rows.reduce((sum, row) => sum + row.n, 0) };
}

// ─── The consistency check ──────────────────────────────────────────────────────────────────

export type SeatViolation = { sessionId: number; problem: string };

/**
 * The ledger's invariants, checked from the rows (the tests run this after every change, the
 * race and crash tests after every round): no session holds more confirmed places than seats;
 * nobody waits in a session that is not cancelled while a seat is free; one place per trainee
 * and session. (That the positions people were told run 1..n is checked against their mail by
 * the race test, with `queuePositions`.)
 */
export async function checkSeatLedger(db: Handle, sessionIds?: number[]): Promise<SeatViolation[]> {
  const rows = await db
    .select({
      id: trainingSessions.id,
      capacity: trainingSessions.capacity,
      status: trainingSessions.status,
      confirmed: seatsTakenColumn,
      waitlisted: waitlistLengthColumn,
      duplicates: sql<number>`(select count(*) - count(distinct r.user_id) from registrations r
        where r.session_id = "training_sessions"."id")`,
    })
    .from(trainingSessions);
  const wanted = sessionIds ? new Set(sessionIds) : null;
  const violations: SeatViolation[] = [];
  for (const row of rows) {
    if (wanted && !wanted.has(row.id)) continue;
    if (row.confirmed > row.capacity)
      violations.push({
        sessionId: row.id,
        problem: `overbooked: ${row.confirmed} confirmed for ${row.capacity} seats`,
      });
    if (row.status !== "cancelled" && row.waitlisted > 0 && row.confirmed < row.capacity)
      violations.push({
        sessionId: row.id,
        problem: `${row.capacity - row.confirmed} free seats while ${row.waitlisted} wait`,
      });
    if (row.duplicates > 0)
      violations.push({ sessionId: row.id, problem: `${row.duplicates} duplicate registrations` });
  }
  return violations;
}

/** The positions the ledger gives a session's waitlisted registrations (the column pages show), in queue order. */
export async function queuePositions(db: Handle, sessionId: number): Promise<number[]> {
  const rows = await db
    .select({ position: waitlistPositionColumn })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.status, "waitlisted")))
    .orderBy(...WAITLIST_ORDER);
  return rows.map((row) => row.position);
}
