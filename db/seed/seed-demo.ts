/**
 * The demo data generator: demo accounts, thousands of trainees, past sessions from 2021 to
 * now with registrations and attendance, and upcoming sessions in every state. Deterministic
 * for a given seed and day. Bulk inserts use prepared statements in one transaction each.
 */
import type Database from "better-sqlite3";
import type { SqliteDatabase } from "../client";
import { sessionDays } from "../../app/utils/time-zone";
import { namePoolFor, ORGANIZATIONS, TRAINEE_COUNTRY_WEIGHTS } from "./people-data";
import { createRandom, type Random } from "./random";
import { FOUNDING_INSTITUTION_SLUGS, INSTITUTIONS } from "./reference-data";
import { seedCatalog } from "./seed-catalog";
import { XIAMEN_VENUE } from "./upcoming-plan";

const DAY_MS = 24 * 60 * 60 * 1000;
const HISTORY_START = Date.UTC(2021, 0, 10);
export const DEMO_PASSWORD = "demo-password";
export const DEMO_TRAINEE_ACCOUNTS = 50;

export type DemoOptions = {
  trainees: number;
  registrations: number;
  now?: Date;
  seed?: number;
  /** argon2id hash of DEMO_PASSWORD, computed once by the caller and shared by every account. */
  passwordHash: string;
  onProgress?: (phase: string, done: number, total: number) => void;
};

export type DemoSummary = { trainees: number; sessions: number; registrations: number; attendance: number };

export function seedDemo(db: SqliteDatabase, options: DemoOptions): DemoSummary {
  const now = options.now ?? new Date();
  const random = createRandom(options.seed ?? 20211020);
  const progress = options.onProgress ?? (() => {});
  const sqlite = db.$client;

  const catalog = seedCatalog(db, { now, random });
  progress("catalog", 1, 1);

  const { traineeIds, countryOf } = insertPeople(sqlite, options, random, progress);
  const writer = new RegistrationWriter(sqlite, countryOf, random);
  const upcomingPlanned = catalog.upcoming.filter((u) => u.plan.fill);
  const upcomingOpen = catalog.upcoming.filter((u) => !u.plan.fill && u.plan.status === "published");

  // Upcoming sessions first: their fills are fixed by the plan, the rest is history.
  sqlite.transaction(() => {
    for (const { id, plan } of upcomingPlanned) {
      const fill = plan.fill ?? { confirmed: 0, waitlisted: 0 };
      writer.fillUpcoming(id, plan.enrollmentOpensAt, now, traineeIds, fill.confirmed, fill.waitlisted);
    }
    // A tenth of what is left goes to the other upcoming sessions, none more than 60 % full.
    const open = upcomingOpen.filter(({ plan }) => plan.enrollmentOpensAt <= now);
    const share = Math.floor(Math.max(0, options.registrations - writer.registrations) * 0.1);
    const weights = open.map(({ plan }) => plan.capacity * random.next());
    const weightSum = weights.reduce((sum, w) => sum + w, 0) || 1;
    open.forEach(({ id, plan }, index) => {
      const wanted = Math.floor((share * (weights[index] ?? 0)) / weightSum);
      const confirmed = Math.min(traineeIds.length, Math.floor(plan.capacity * 0.6), wanted);
      writer.fillUpcoming(id, plan.enrollmentOpensAt, now, traineeIds, confirmed, 0);
    });
  })();

  const budget = Math.max(0, options.registrations - writer.registrations);
  const pastSessions = createPastSessions(sqlite, catalog, budget, traineeIds.length, now, random);
  const total = writer.registrations + pastSessions.reduce((sum, s) => sum + s.target, 0);
  const batchSize = 10;
  for (let i = 0; i < pastSessions.length; i += batchSize) {
    sqlite.transaction(() => {
      for (const session of pastSessions.slice(i, i + batchSize)) writer.fillPast(session, traineeIds);
    })();
    progress("registrations", writer.registrations, total);
  }
  // No server has read the change log yet: statistics start from the rows themselves.
  sqlite.prepare("delete from stats_changes").run();

  return {
    trainees: traineeIds.length,
    // pastSessions includes the six 2021 trainings.
    sessions: catalog.upcoming.length + pastSessions.length,
    registrations: writer.registrations,
    attendance: writer.attendanceRows,
  };
}

function insertPeople(
  sqlite: Database.Database,
  options: DemoOptions,
  random: Random,
  progress: (phase: string, done: number, total: number) => void,
): { traineeIds: number[]; countryOf: Map<number, string> } {
  const institutionId = new Map(
    (sqlite.prepare("select id, slug from institutions").all() as { id: number; slug: string }[]).map((r) => [
      r.slug,
      r.id,
    ]),
  );
  const insert = sqlite.prepare(
    `insert into users (email, password_hash, name, country_code, organization, locale, role, institution_id, consent_version, consent_at, created_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, 'demo', ?, ?)`,
  );
  const createdAt = HISTORY_START;
  const traineeIds: number[] = [];
  const countryOf = new Map<number, string>();
  sqlite.transaction(() => {
    insert.run(
      "organizer@example.org",
      options.passwordHash,
      "Chen Jing 陈静",
      "CN",
      "Xiamen BRICS Innovation Base Office",
      "zh-CN",
      "organizer",
      null,
      createdAt,
      createdAt,
    );
    for (const slug of [...FOUNDING_INSTITUTION_SLUGS, "xiamen-brics-office"]) {
      const name = INSTITUTIONS.find((i) => i.slug === slug)?.name.en ?? slug;
      insert.run(
        `staff@${slug}.example.org`,
        options.passwordHash,
        `${name} staff`,
        "CN",
        name,
        "zh-CN",
        "staff",
        institutionId.get(slug) ?? null,
        createdAt,
        createdAt,
      );
    }
    for (let n = 1; n <= options.trainees; n++) {
      // The 50 demo accounts cycle through the heaviest countries so every demo language is there.
      const country =
        n <= DEMO_TRAINEE_ACCOUNTS
          ? (TRAINEE_COUNTRY_WEIGHTS[(n - 1) % 16]?.[0] ?? "CN")
          : random.weighted(TRAINEE_COUNTRY_WEIGHTS);
      const pool = namePoolFor(country);
      const name =
        pool.locale === "zh-CN"
          ? random.pick(pool.last) + random.pick(pool.first)
          : `${random.pick(pool.first)} ${random.pick(pool.last)}`;
      const joined = HISTORY_START + Math.floor(random.next() * 365 * DAY_MS);
      const info = insert.run(
        `trainee${n}@example.org`,
        options.passwordHash,
        name,
        country,
        random.pick(ORGANIZATIONS),
        pool.locale,
        "trainee",
        null,
        joined,
        joined,
      );
      const id = Number(info.lastInsertRowid);
      traineeIds.push(id);
      countryOf.set(id, country);
      if (n % 5000 === 0 || n === options.trainees) progress("trainees", n, options.trainees);
    }
  })();
  return { traineeIds, countryOf };
}

type PastSession = {
  id: number;
  startsAt: number;
  endsAt: number;
  timeZone: string;
  mode: string;
  opensAt: number;
  target: number;
};

/** Creates enough completed sessions from 2021 to now to hold `budget` registrations. */
function createPastSessions(
  sqlite: Database.Database,
  catalog: ReturnType<typeof seedCatalog>,
  budget: number,
  trainees: number,
  now: Date,
  random: Random,
): PastSession[] {
  const sessions: PastSession[] = [];
  const selectSession = sqlite.prepare(
    "select id, starts_at, ends_at, time_zone, mode, enrollment_opens_at from training_sessions where id = ?",
  );
  // The six real 2021 trainings: the online ones drew thousands.
  for (const id of catalog.sessions2021) {
    const row = selectSession.get(id) as {
      id: number;
      starts_at: number;
      ends_at: number;
      time_zone: string;
      mode: string;
      enrollment_opens_at: number;
    };
    const weight = row.mode === "offline" ? 0 : 0.025;
    sessions.push({
      id,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      timeZone: row.time_zone,
      mode: row.mode,
      opensAt: row.enrollment_opens_at,
      target: row.mode === "offline" ? Math.min(100, trainees) : Math.round(budget * weight),
    });
  }
  const courseIds = [...catalog.courseIds.values()];
  const insert = sqlite.prepare(
    `insert into training_sessions (course_id, starts_at, ends_at, time_zone, mode, venue, join_url, capacity, enrollment_opens_at, enrollment_closes_at, languages, status)
     values (?, ?, ?, 'Asia/Shanghai', ?, ?, ?, ?, ?, ?, ?, 'completed')`,
  );
  let remaining = budget - sessions.reduce((sum, s) => sum + Math.min(s.target, trainees), 0);
  const span = now.getTime() - 2 * DAY_MS - HISTORY_START;
  sqlite.transaction(() => {
    while (remaining > 0) {
      const mode = random.weighted([
        ["online", 6],
        ["hybrid", 3],
        ["offline", 1],
      ] as const);
      // Sized so 160,000 registrations make about 1,700 past sessions (2,000+ with the upcoming ones).
      const typical =
        mode === "online" ? random.int(40, 140) : mode === "hybrid" ? random.int(25, 90) : random.int(12, 36);
      const target = Math.min(remaining, typical, trainees);
      const startsAt = HISTORY_START + Math.floor(random.next() * span);
      const days = mode === "online" ? 1 : random.int(1, 3);
      const endsAt = startsAt + (days - 1) * DAY_MS + 3 * 60 * 60 * 1000;
      const opensAt = startsAt - 30 * DAY_MS;
      const info = insert.run(
        random.pick(courseIds),
        startsAt,
        endsAt,
        mode,
        mode === "online" ? null : JSON.stringify(XIAMEN_VENUE),
        mode === "offline" ? null : "https://meeting.example.org/past",
        target + random.int(0, 50),
        opensAt,
        startsAt,
        JSON.stringify(["en", "zh"]),
      );
      sessions.push({
        id: Number(info.lastInsertRowid),
        startsAt,
        endsAt,
        timeZone: "Asia/Shanghai",
        mode,
        opensAt,
        target,
      });
      remaining -= target;
    }
  })();
  return sessions.map((s) => ({ ...s, target: Math.min(s.target, trainees) }));
}

/** Writes registrations and attendance with prepared statements, counting what it wrote. */
class RegistrationWriter {
  registrations = 0;
  attendanceRows = 0;
  private insertRegistration: Database.Statement;
  private insertAttendance: Database.Statement;

  constructor(
    sqlite: Database.Database,
    private countryOf: Map<number, string>,
    private random: Random,
  ) {
    this.insertRegistration = sqlite.prepare(
      `insert into registrations (session_id, user_id, status, country_code, queued_at, created_at, cancelled_at)
       values (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAttendance = sqlite.prepare(
      "insert into attendance (registration_id, day, attended, method, recorded_at) values (?, ?, ?, ?, ?)",
    );
  }

  fillUpcoming(sessionId: number, opensAt: Date, now: Date, trainees: number[], confirmed: number, waitlisted: number) {
    const people = distinctSample(trainees, confirmed + waitlisted, this.random);
    const window = Math.max(1, now.getTime() - opensAt.getTime());
    // Queue times rise with the index, so the waitlist's order follows who came first.
    people.forEach((userId, index) => {
      const queuedAt = opensAt.getTime() + Math.floor((window * (index + 1)) / (people.length + 1));
      const status = index < confirmed ? "confirmed" : "waitlisted";
      this.write(sessionId, userId, status, queuedAt, null);
    });
  }

  fillPast(session: PastSession, trainees: number[]) {
    const days = sessionDays(new Date(session.startsAt), new Date(session.endsAt), session.timeZone);
    const method = session.mode === "online" ? "import" : session.mode === "offline" ? "check_in_code" : "manual";
    for (const userId of distinctSample(trainees, session.target, this.random)) {
      const queuedAt = session.opensAt + Math.floor(this.random.next() * (session.startsAt - session.opensAt));
      const cancelled = this.random.chance(0.07);
      const registrationId = this.write(
        session.id,
        userId,
        cancelled ? "cancelled" : "confirmed",
        queuedAt,
        cancelled ? queuedAt + DAY_MS : null,
      );
      if (cancelled) continue;
      days.forEach((day, index) => {
        const attended = this.random.chance(index === 0 ? 0.82 : 0.74);
        this.insertAttendance.run(registrationId, day, attended ? 1 : 0, method, session.endsAt);
        this.attendanceRows++;
      });
    }
  }

  private write(
    sessionId: number,
    userId: number,
    status: string,
    queuedAt: number,
    cancelledAt: number | null,
  ): number {
    const country = this.countryOf.get(userId) ?? "CN";
    const info = this.insertRegistration.run(sessionId, userId, status, country, queuedAt, queuedAt, cancelledAt);
    this.registrations++;
    return Number(info.lastInsertRowid);
  }
}

/** The calendar days a session spans in its own zone. */
/** `count` distinct items: a random start and a stride coprime with the length visit each once. */
function distinctSample<T>(items: T[], count: number, random: Random): T[] {
  const n = items.length;
  if (n === 0 || count <= 0) return [];
  const take = Math.min(count, n);
  let stride = random.int(1, Math.max(1, n - 1));
  while (gcd(stride, n) !== 1) stride++;
  const start = random.int(0, n - 1);
  const out: T[] = [];
  for (let i = 0; i < take; i++) out.push(items[(start + i * stride) % n] as T);
  return out;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
