/**
 * Importing an online meeting's attendance file into a session: upload (kept as rows), preview
 * with a column mapping and a minimum of minutes, then apply. Applying writes attendance per
 * (registration, day) with upserts, so applying the same file again changes nothing.
 */
import { setImmediate as letOtherRequestsRun } from "node:timers/promises";
import { and, eq, sql } from "drizzle-orm";
import { emailField, nameField } from "../validation/fields";
import { attendanceImports, registrations, users } from "../../db/schema";
import { transaction, withSeatLock, type Db, type Handle } from "../utils/db.server";
import {
  parseDay,
  parseMinutes,
  parseWallClock,
  withHeaderRow,
  type AttendanceTable,
} from "../utils/attendance-file.server";
import { addDays, utcToZonedLocal, zonedLocalToUtc } from "../utils/time-zone";
import type { ColumnRole } from "../validation/attendance-import";
import type { Actor } from "./actor-scope.server";
import { recordAttendance, recordableDays } from "./attendance.server";
import { getManagedSession } from "./managed-session.server";
import { recordAuditEvent } from "./audit.server";
import { countryCodeFrom } from "./countries.server";
import { growCapacityToFit } from "./enrollment.server";

export type ImportOptions = {
  /** The file's row that holds the column names, counted from its first row (see withHeaderRow). */
  headerRow: number;
  columns: Partial<Record<ColumnRole, number>>;
  /** The day every row counts for when the file has no join-time column. */
  day: string | null;
  minMinutes: number;
  /** Give a place (and, for unknown addresses with a country, an account) to attendees without one. */
  addMissing: boolean;
};

export type UnmatchedReason =
  "invalid_email" | "no_account" | "not_registered" | "not_confirmed" | "no_country" | "day_outside_session";

type PlannedRow = { email: string; name: string; day: string; minutes: number | null };
export type ImportPlan = {
  /** (person, day) pairs found in the file after adding up each person's rows per day. */
  attendees: number;
  present: PlannedRow[];
  tooShort: PlannedRow[];
  /** Accounts to create and places to add (only with `addMissing`). */
  newAccounts: { email: string; name: string; countryCode: string }[];
  newPlaces: string[];
  unmatched: (PlannedRow & { reason: UnmatchedReason })[];
};

/**
 * Rows written per transaction. A batch of 100 holds the write lock for about 15 ms (45 ms at
 * worst) on this machine; with 500 it was 80-100 ms, and a request waiting through a few of them
 * waited a quarter of a second.
 */
export const IMPORT_BATCH_SIZE = 100;

export async function createAttendanceImport(
  db: Db,
  {
    actor,
    sessionId,
    fileName,
    table,
  }: {
    actor: Actor;
    sessionId: number;
    fileName: string;
    table: AttendanceTable;
  },
): Promise<number | null> {
  if (!(await getManagedSession(db, { actor, sessionId }))) return null;
  const [created] = await transaction(db, (tx) =>
    tx
      .insert(attendanceImports)
      .values({
        sessionId,
        uploadedBy: actor.id,
        fileName,
        preamble: table.preamble,
        headers: table.headers,
        rows: table.rows,
      })
      .returning({ id: attendanceImports.id }),
  );
  if (!created) throw new Error("The attendance import was not stored.");
  return created.id;
}

/** An import of a session in the actor's scope, with the session's recordable days. */
export async function getAttendanceImport(
  db: Handle,
  {
    actor,
    sessionId,
    importId,
    now = new Date(),
  }: {
    actor: Actor;
    sessionId: number;
    importId: number;
    now?: Date;
  },
) {
  const session = await getManagedSession(db, { actor, sessionId });
  if (!session) return null;
  const [row] = await db
    .select()
    .from(attendanceImports)
    .where(and(eq(attendanceImports.id, importId), eq(attendanceImports.sessionId, sessionId)));
  if (!row) return null;
  return { ...row, session, days: recordableDays(session, now) };
}

type ImportRecord = NonNullable<Awaited<ReturnType<typeof getAttendanceImport>>>;

type Person = {
  userId: number;
  name: string;
  countryCode: string;
  registrationId: number | null;
  status: string | null;
};

/** Works out what applying the file would do, without writing anything. */
export async function planImport(db: Handle, record: ImportRecord, options: ImportOptions): Promise<ImportPlan> {
  const { columns } = options;
  const cell = (row: string[], role: ColumnRole) => {
    const index = columns[role];
    return index === undefined ? "" : (row[index] ?? "").trim();
  };
  const allowedDays = new Set(record.days);
  // One entry per (address, day): people who left and rejoined appear on several rows.
  const byPersonDay = new Map<string, PlannedRow & { country: string; invalid: boolean }>();
  for (const [index, row] of withHeaderRow(record, options.headerRow).rows.entries()) {
    if (index % IMPORT_BATCH_SIZE === IMPORT_BATCH_SIZE - 1) await letOtherRequestsRun();
    const email = cell(row, "email").toLowerCase();
    const day = columns.day === undefined ? (options.day ?? "") : (parseDay(cell(row, "day")) ?? "");
    const minutes = minutesWithinHours(record.session, {
      joined: columns.day === undefined ? null : cell(row, "day"),
      left: columns.leave === undefined ? null : cell(row, "leave"),
      minutes: columns.minutes === undefined ? null : parseMinutes(cell(row, "minutes")),
    });
    const key = `${email}|${day}`;
    const entry = byPersonDay.get(key);
    if (entry) {
      if (minutes !== null) entry.minutes = (entry.minutes ?? 0) + minutes;
      continue;
    }
    byPersonDay.set(key, {
      email,
      name: cell(row, "name"),
      day,
      minutes,
      country: cell(row, "country"),
      // The sign-up form's rules, since a row may become an account: no address a form would refuse.
      invalid: !emailField.safeParse(email).success,
    });
  }

  const people = new Map<string, Person>();
  const addresses = [...new Set([...byPersonDay.values()].filter((e) => !e.invalid).map((e) => e.email))];
  for (const batch of inBatches(addresses)) {
    for (const [email, person] of await lookUpPeople(db, record.sessionId, batch)) people.set(email, person);
    await letOtherRequestsRun();
  }
  const plan: ImportPlan = {
    attendees: byPersonDay.size,
    present: [],
    tooShort: [],
    newAccounts: [],
    newPlaces: [],
    unmatched: [],
  };
  const newAccounts = new Set<string>();
  const newPlaces = new Set<string>();
  for (const entry of byPersonDay.values()) {
    const { country, invalid, ...row } = entry;
    const unmatched = (reason: UnmatchedReason) => plan.unmatched.push({ ...row, reason });
    if (invalid) {
      unmatched("invalid_email");
      continue;
    }
    if (!allowedDays.has(row.day)) {
      unmatched("day_outside_session");
      continue;
    }
    const person = people.get(row.email);
    if (!person) {
      const countryCode = await countryCodeFrom(db, country);
      if (!options.addMissing) unmatched("no_account");
      else if (!countryCode) unmatched("no_country");
      else if (!newAccounts.has(row.email)) {
        newAccounts.add(row.email);
        // A name the sign-up form would refuse (too long, only spaces) is replaced by the address's
        // local part, as for a row without a name: an account is never made from what a form refuses.
        const name = nameField.safeParse(row.name);
        plan.newAccounts.push({
          email: row.email,
          name: name.success ? name.data : (row.email.split("@")[0] ?? row.email).slice(0, 120),
          countryCode,
        });
      }
      if (!options.addMissing || !countryCode) continue;
    } else if (person.status === "waitlisted" || person.status === "cancelled") {
      // They were not given a seat; whoever joins the meeting anyway is for the organizers to settle.
      unmatched("not_confirmed");
      continue;
    } else if (!person.registrationId) {
      if (!options.addMissing) {
        unmatched("not_registered");
        continue;
      }
      if (!newPlaces.has(row.email)) {
        newPlaces.add(row.email);
        plan.newPlaces.push(row.email);
      }
    }
    const enough = row.minutes === null || row.minutes >= options.minMinutes;
    (enough ? plan.present : plan.tooShort).push(row);
  }
  return plan;
}

type SessionHours = { startsAt: Date; endsAt: Date; timeZone: string };

/**
 * The minutes of a row that fall within the session's hours. A row that says when the person
 * joined, and when they left or how long they stayed, counts only the time inside the session's
 * hours that day (its start to its end time of day, in its own zone, the files' times being read
 * in that zone): someone in the waiting room an hour early, or who left the meeting open
 * overnight, is not given those minutes. A row with a duration and no usable times keeps the
 * duration as written; a row with neither has no minutes (everyone listed is present).
 */
function minutesWithinHours(
  session: SessionHours,
  row: { joined: string | null; left: string | null; minutes: number | null },
): number | null {
  const joined = row.joined === null ? null : parseWallClock(row.joined);
  if (!joined) return row.minutes;
  const from = instantOf(joined, session.timeZone);
  const leftClock = row.left === null ? null : parseWallClock(row.left);
  const to = leftClock
    ? instantOf(leftClock, session.timeZone)
    : row.minutes === null
      ? null
      : from + row.minutes * 60_000;
  if (to === null || to < from) return row.minutes;
  const within = (hours: { from: number; to: number }) =>
    Math.max(0, Math.min(to, hours.to) - Math.max(from, hours.from));
  // The hours of the join's day, and of the day before: an evening that runs past midnight
  // (22:00 to 02:00) goes on into the day someone joins at 00:30. The two never overlap.
  return (
    (within(sessionHoursOn(session, joined.day)) + within(sessionHoursOn(session, addDays(joined.day, -1)))) / 60_000
  );
}

function instantOf(clock: { day: string; secondOfDay: number }, zone: string): number {
  const minute = Math.floor(clock.secondOfDay / 60);
  const hhmm = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  return zonedLocalToUtc(`${clock.day}T${hhmm}`, zone).getTime() + (clock.secondOfDay % 60) * 1000;
}

/**
 * A session's hours that begin on one of its days: from its start time of day to its end time of
 * day (a course from 9:00 on the 25th to 17:00 on the 27th runs 9:00–17:00 each day), never
 * before it starts or after it ends. When the end time of day is not after the start (an online
 * session from 23:00 to 01:00 Xiamen time, the afternoon in Brazil), they end the next day.
 */
function sessionHoursOn(session: SessionHours, day: string): { from: number; to: number } {
  const zone = session.timeZone;
  const startClock = utcToZonedLocal(session.startsAt, zone).slice(11);
  const endClock = utcToZonedLocal(session.endsAt, zone).slice(11);
  const from = zonedLocalToUtc(`${day}T${startClock}`, zone).getTime();
  let to = zonedLocalToUtc(`${day}T${endClock}`, zone).getTime();
  if (to <= from) to = zonedLocalToUtc(`${addDays(day, 1)}T${endClock}`, zone).getTime();
  return { from: Math.max(from, session.startsAt.getTime()), to: Math.min(to, session.endsAt.getTime()) };
}

/** Accounts by lower-case address, with their place in the session if they have one. */
async function lookUpPeople(db: Handle, sessionId: number, emails: string[]): Promise<Map<string, Person>> {
  const found = new Map<string, Person>();
  // Chunks stay under SQLite's limit on bound parameters.
  for (const chunk of inBatches(emails)) {
    const rows = await db
      .select({
        email: sql<string>`lower(${users.email})`,
        userId: users.id,
        name: users.name,
        countryCode: users.countryCode,
        registrationId: registrations.id,
        status: registrations.status,
      })
      .from(users)
      .leftJoin(registrations, and(eq(registrations.userId, users.id), eq(registrations.sessionId, sessionId)))
      .where(sql`lower(${users.email}) in ${chunk} and ${users.deletedAt} is null`);
    for (const row of rows) found.set(row.email, row);
  }
  return found;
}

export type ImportResult = {
  present: number;
  absent: number;
  /** Rows whose day was already recorded another way (a check-in, staff marking): left as they were. */
  keptOther: number;
  accountsCreated: number;
  placesAdded: number;
  unmatched: number;
};

/**
 * Applies the plan in batches of IMPORT_BATCH_SIZE rows, each its own transaction (the seat lock
 * for those that may add places), with other requests served in between: 45,000 rows in one
 * transaction held the write lock for 16 s. Every write is an upsert keyed by (registration, day),
 * so an application cut short (a crash, a restart) is finished by applying the file again. Each
 * batch looks its people up afresh: a place cancelled or waitlisted since the plan was made is
 * left alone and counted as unmatched. Places added for people who attended are confirmed; if
 * that takes the session past its capacity, the capacity grows to fit (they were there), in the
 * same batch.
 */
export async function applyImport(
  db: Db,
  {
    actor,
    record,
    options,
    now = new Date(),
  }: {
    actor: Actor;
    record: ImportRecord;
    options: ImportOptions;
    now?: Date;
  },
): Promise<ImportResult> {
  const plan = await planImport(db, record, options);
  let accountsCreated = 0;
  for (const batch of inBatches(plan.newAccounts)) {
    await transaction(db, async (tx) => {
      for (const account of batch) {
        // Someone may have signed up with this address since the plan was made: theirs stands.
        const [created] = await tx
          .insert(users)
          .values({ email: account.email, name: account.name, countryCode: account.countryCode, role: "trainee" })
          .onConflictDoNothing()
          .returning({ id: users.id });
        if (!created) continue;
        accountsCreated++;
        await recordAuditEvent(tx, {
          actorUserId: actor.id,
          action: "user.created_by_import",
          entityType: "user",
          entityId: created.id,
          details: { importId: record.id },
        });
      }
    });
    await letOtherRequestsRun();
  }

  const rows = [
    ...plan.present.map((row) => ({ ...row, attended: true })),
    ...plan.tooShort.map((row) => ({ ...row, attended: false })),
  ];
  const counted = { present: 0, absent: 0, placesAdded: 0, changedSincePlan: 0, keptOther: 0 };
  for (const batch of inBatches(rows)) {
    // Places may be added and the capacity grown: a seat decision, under the seat lock.
    await withSeatLock(db, [record.sessionId], async (tx) => {
      const people = await lookUpPeople(tx, record.sessionId, [...new Set(batch.map((row) => row.email))]);
      let placesAdded = 0;
      for (const row of batch) {
        const person = people.get(row.email);
        if (!person || person.status === "waitlisted" || person.status === "cancelled") {
          counted.changedSincePlan++;
          continue;
        }
        if (!person.registrationId) {
          const [added] = await tx
            .insert(registrations)
            .values({
              sessionId: record.sessionId,
              userId: person.userId,
              status: "confirmed",
              countryCode: person.countryCode,
              queuedAt: now,
            })
            .returning({ id: registrations.id });
          if (!added) throw new Error("The place was not added.");
          person.registrationId = added.id;
          person.status = "confirmed";
          placesAdded++;
        }
        const recorded = await recordAttendance(tx, {
          registrationId: person.registrationId,
          day: row.day,
          attended: row.attended,
          method: "import",
          recordedBy: actor.id,
          now,
        });
        // A record taken another way (checked in on site, corrected by hand) stands.
        if (recorded === "kept") counted.keptOther++;
        else counted[row.attended ? "present" : "absent"]++;
      }
      if (placesAdded > 0)
        await growCapacityToFit(tx, {
          actor,
          sessionId: record.sessionId,
          why: { reason: "attendance_import", importId: record.id },
        });
      counted.placesAdded += placesAdded;
    });
    await letOtherRequestsRun();
  }

  const result: ImportResult = {
    present: counted.present,
    absent: counted.absent,
    accountsCreated,
    placesAdded: counted.placesAdded,
    unmatched: plan.unmatched.length + counted.changedSincePlan,
    keptOther: counted.keptOther,
  };
  await transaction(db, async (tx) => {
    await tx.update(attendanceImports).set({ appliedAt: now, result }).where(eq(attendanceImports.id, record.id));
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "attendance.imported",
      entityType: "session",
      entityId: record.sessionId,
      details: { importId: record.id, fileName: record.fileName, minMinutes: options.minMinutes, ...result },
    });
  });
  return result;
}

function* inBatches<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += IMPORT_BATCH_SIZE) yield items.slice(i, i + IMPORT_BATCH_SIZE);
}
