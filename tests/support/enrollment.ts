/**
 * Building blocks for enrollment tests: trainees and sessions made directly in the database with
 * the schema's typed builders (so they run on either engine), and the seat invariants every test
 * (and the race and crash harnesses) checks afterwards.
 */
import { and, asc, count, eq, inArray, notExists, sql } from "drizzle-orm";
import {
  courses,
  enrollmentNotices,
  institutions,
  programs,
  registrations,
  trainingSessions,
  users,
} from "../../db/schema";
import { transaction, type AppDatabase, type Handle } from "../../db/client";
import { checkSeatLedger, type SeatViolation } from "../../app/models/seat-ledger.server";

export type { SeatViolation };

const DAY_MS = 86_400_000;

/** Inserts `count` trainee accounts (no password: tests sign them in directly) and returns their ids. */
export async function createTrainees(
  db: AppDatabase,
  {
    count,
    prefix,
    locale = "en",
    country = "BR",
  }: { count: number; prefix: string; locale?: string; country?: string },
): Promise<number[]> {
  if (count === 0) return [];
  const rows = Array.from({ length: count }, (_, i) => ({
    email: `${prefix}-${i + 1}@test.example.org`,
    name: `${prefix} trainee ${i + 1}`,
    countryCode: country,
    locale,
    role: "trainee" as const,
  }));
  return transaction(db, async (tx) => {
    const ids: number[] = [];
    // In slices: one statement may carry at most some thousands of parameters.
    for (let at = 0; at < rows.length; at += 500) {
      const created = await tx
        .insert(users)
        .values(rows.slice(at, at + 500))
        .returning({ id: users.id });
      ids.push(...created.map((row) => row.id));
    }
    return ids;
  });
}

export type TestSessionOptions = {
  institutionSlug?: string;
  capacity: number;
  /** Days from now; negative for the past. */
  startsInDays?: number;
  lastsHours?: number;
  opensInDays?: number;
  closesInDays?: number;
  status?: "draft" | "published" | "cancelled" | "completed";
  mode?: "online" | "offline" | "hybrid";
  joinUrl?: string | null;
  timeZone?: string;
  title?: string;
};

/** A training session of a published course of the institution, with an open enrollment window by default. */
export async function createTestSession(db: AppDatabase, options: TestSessionOptions): Promise<number> {
  const {
    institutionSlug = "xiamen-university",
    capacity,
    startsInDays = 30,
    lastsHours = 8,
    opensInDays = -10,
    closesInDays = Math.min(startsInDays, 29),
    status = "published",
    mode = "online",
    joinUrl = "https://meeting.example.org/room-42",
    timeZone = "Asia/Shanghai",
    title = "Enrollment test session",
  } = options;
  const [course] = await db
    .select({ id: courses.id })
    .from(courses)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .innerJoin(institutions, eq(institutions.id, programs.institutionId))
    .where(and(eq(institutions.slug, institutionSlug), eq(courses.status, "published")))
    .orderBy(asc(courses.id))
    .limit(1);
  if (!course) throw new Error(`No published course of ${institutionSlug}`);
  const now = Date.now();
  const startsAt = now + startsInDays * DAY_MS;
  const [created] = await transaction(db, (tx) =>
    tx
      .insert(trainingSessions)
      .values({
        courseId: course.id,
        title: { en: title, "zh-CN": `${title}（中文）`, ru: title, "pt-BR": title },
        startsAt: new Date(startsAt),
        endsAt: new Date(startsAt + lastsHours * 3_600_000),
        timeZone,
        mode,
        joinUrl,
        capacity,
        enrollmentOpensAt: new Date(Math.min(now + opensInDays * DAY_MS, startsAt)),
        enrollmentClosesAt: new Date(Math.min(now + closesInDays * DAY_MS, startsAt)),
        languages: ["en"],
        status,
        createdAt: new Date(now),
      })
      .returning({ id: trainingSessions.id }),
  );
  return created!.id;
}

/** Confirmed places taken directly (to fill a session before a test). */
export async function fillSeats(db: AppDatabase, sessionId: number, userIds: number[]): Promise<void> {
  if (userIds.length === 0) return;
  const now = new Date();
  await transaction(db, async (tx) => {
    const rows = userIds.map((userId) => ({
      sessionId,
      userId,
      status: "confirmed" as const,
      countryCode: "BR",
      queuedAt: now,
      createdAt: now,
    }));
    // In slices: one statement may carry at most some thousands of parameters.
    for (let at = 0; at < rows.length; at += 500) await tx.insert(registrations).values(rows.slice(at, at + 500));
  });
}

/** Places on the waitlist directly, queued one millisecond apart in the order given. */
export async function waitInOrder(db: AppDatabase, sessionId: number, userIds: number[]): Promise<void> {
  const start = Date.now() + 1_000;
  const rows = userIds.map((userId, i) => ({
    sessionId,
    userId,
    status: "waitlisted" as const,
    countryCode: "BR",
    queuedAt: new Date(start + i),
  }));
  await transaction(db, async (tx) => {
    for (let at = 0; at < rows.length; at += 500) await tx.insert(registrations).values(rows.slice(at, at + 500));
  });
}

/**
 * The invariants of seats, as the seat ledger checks them from the rows: no session holds more
 * confirmed places than seats; nobody waits in a (not cancelled) session with a free seat; one
 * row per trainee and session; for the sessions named, waitlist positions 1..n.
 */
export function findSeatViolations(db: Handle, sessionIds?: number[]): Promise<SeatViolation[]> {
  return checkSeatLedger(db, sessionIds);
}

/** Places in these sessions with no notice queued for their trainee (each must have one: it is written with the place). */
export async function placesWithoutNotice(db: Handle, sessionIds: number[]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(registrations)
    .where(
      and(
        inArray(registrations.sessionId, sessionIds),
        notExists(
          db
            .select({ id: enrollmentNotices.id })
            .from(enrollmentNotices)
            .where(eq(enrollmentNotices.registrationId, registrations.id)),
        ),
      ),
    );
  return row?.n ?? 0;
}

/** Status of each of a session's registrations, keyed by user id. */
export async function statusesOf(db: Handle, sessionId: number): Promise<Map<number, string>> {
  const rows = await db
    .select({ userId: registrations.userId, status: registrations.status })
    .from(registrations)
    .where(eq(registrations.sessionId, sessionId));
  return new Map(rows.map((r) => [r.userId, r.status]));
}

type ConsoleActor = { id: number; role: "staff" | "organizer"; institutionId: number | null };

/** The demo's first organizer, as the models' `actor`. */
export async function organizerActor(db: Handle): Promise<ConsoleActor & { role: "organizer" }> {
  const [row] = await db
    .select({ id: users.id, institutionId: users.institutionId })
    .from(users)
    .where(eq(users.role, "organizer"))
    .orderBy(asc(users.id))
    .limit(1);
  if (!row) throw new Error("The demo has no organizer");
  return { ...row, role: "organizer" };
}

/** A staff member of the institution, as the models' `actor`. */
export async function staffActor(db: Handle, institutionSlug: string): Promise<ConsoleActor & { role: "staff" }> {
  const [row] = await db
    .select({ id: users.id, institutionId: users.institutionId })
    .from(users)
    .innerJoin(institutions, eq(institutions.id, users.institutionId))
    .where(and(eq(institutions.slug, institutionSlug), eq(users.role, "staff")))
    .orderBy(asc(users.id))
    .limit(1);
  if (!row) throw new Error(`No staff member of ${institutionSlug}`);
  return { ...row, role: "staff" };
}

/** How many rows a query's `count(*)` gave, as a number on both engines. */
export const countOf = sql<number>`cast(count(*) as integer)`;
