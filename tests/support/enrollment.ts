/**
 * Building blocks for enrollment tests: trainees and sessions made directly in a database file,
 * and the seat invariants every test (and the race and crash harnesses) checks afterwards.
 */
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import * as schema from "../../db/schema";
import { checkSeatLedger, type SeatViolation } from "../../app/models/seat-ledger.server";

export type { SeatViolation };

const DAY_MS = 86_400_000;

/** Inserts `count` trainee accounts (no password: tests sign them in directly) and returns their ids. */
export function createTrainees(
  sqlite: Database.Database,
  {
    count,
    prefix,
    locale = "en",
    country = "BR",
  }: { count: number; prefix: string; locale?: string; country?: string },
): number[] {
  const insert = sqlite.prepare(
    `insert into users (email, name, country_code, locale, role, created_at) values (?, ?, ?, ?, 'trainee', ?)`,
  );
  const ids: number[] = [];
  sqlite.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const result = insert.run(
        `${prefix}-${i}@test.example.org`,
        `${prefix} trainee ${i}`,
        country,
        locale,
        Date.now(),
      );
      ids.push(Number(result.lastInsertRowid));
    }
  })();
  return ids;
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
export function createTestSession(sqlite: Database.Database, options: TestSessionOptions): number {
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
  const courseId = sqlite
    .prepare(
      `select c.id from courses c join programs p on p.id = c.program_id join institutions i on i.id = p.institution_id
       where i.slug = ? and c.status = 'published' order by c.id limit 1`,
    )
    .pluck()
    .get(institutionSlug) as number | undefined;
  if (!courseId) throw new Error(`No published course of ${institutionSlug}`);
  const now = Date.now();
  const startsAt = now + startsInDays * DAY_MS;
  const result = sqlite
    .prepare(
      `insert into training_sessions (course_id, title, starts_at, ends_at, time_zone, mode, join_url, capacity,
         enrollment_opens_at, enrollment_closes_at, languages, status, created_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '["en"]', ?, ?)`,
    )
    .run(
      courseId,
      JSON.stringify({ en: title, "zh-CN": `${title}（中文）`, ru: title, "pt-BR": title }),
      startsAt,
      startsAt + lastsHours * 3_600_000,
      timeZone,
      mode,
      joinUrl,
      capacity,
      Math.min(now + opensInDays * DAY_MS, startsAt),
      Math.min(now + closesInDays * DAY_MS, startsAt),
      status,
      now,
    );
  return Number(result.lastInsertRowid);
}

/** Confirmed places taken directly (to fill a session before a test). */
export function fillSeats(sqlite: Database.Database, sessionId: number, userIds: number[]): void {
  const insert = sqlite.prepare(
    `insert into registrations (session_id, user_id, status, country_code, queued_at, created_at)
     values (?, ?, 'confirmed', 'BR', ?, ?)`,
  );
  sqlite.transaction(() => {
    for (const id of userIds) insert.run(sessionId, id, Date.now(), Date.now());
  })();
}

/** The seat ledger's handle on a connection the test opened itself. */
export function ledgerHandle(sqlite: Database.Database) {
  return drizzle({ client: sqlite, schema });
}

/**
 * The invariants of seats, as the seat ledger checks them from the rows: no session holds more
 * confirmed places than seats; nobody waits in a (not cancelled) session with a free seat; one
 * row per trainee and session; for the sessions named, waitlist positions 1..n.
 */
export function findSeatViolations(sqlite: Database.Database, sessionIds?: number[]): SeatViolation[] {
  return checkSeatLedger(ledgerHandle(sqlite), sessionIds);
}

/** Status of each of a session's registrations, keyed by user id. */
export function statusesOf(sqlite: Database.Database, sessionId: number): Map<number, string> {
  const rows = sqlite
    .prepare("select user_id as userId, status from registrations where session_id = ?")
    .all(sessionId) as { userId: number; status: string }[];
  return new Map(rows.map((r) => [r.userId, r.status]));
}

type ConsoleActor = { id: number; role: "staff" | "organizer"; institutionId: number | null };

/** The demo's first organizer, as the models' `actor`. */
export function organizerActor(sqlite: Database.Database): ConsoleActor & { role: "organizer" } {
  return sqlite
    .prepare("select id, role, institution_id as institutionId from users where role = 'organizer' limit 1")
    .get() as ConsoleActor & { role: "organizer" };
}

/** A staff member of the institution, as the models' `actor`. */
export function staffActor(sqlite: Database.Database, institutionSlug: string): ConsoleActor & { role: "staff" } {
  return sqlite
    .prepare(
      `select u.id, u.role, u.institution_id as institutionId from users u join institutions i on i.id = u.institution_id
       where i.slug = ? and u.role = 'staff' limit 1`,
    )
    .get(institutionSlug) as ConsoleActor & { role: "staff" };
}
