/**
 * The statistics snapshot follows every kind of change: its figures after a series of writes
 * equal the definitions computed by the database straight from the rows.
 */
import { and, asc, count, countDistinct, eq, exists, gte, lt, max, min, ne, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, transaction } from "~/utils/db.server";
import { computeStats } from "~/models/stats.server";
import { pruneStatsChanges, readSnapshot } from "~/models/stats-snapshot.server";
import { ReadWriteLock } from "~/utils/read-write-lock";
import { attendance, registrations, statsChanges, trainingSessions } from "../../db/schema";
import { createTestSession, createTrainees, fillSeats } from "../support/enrollment";

const XIAMEN_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The start of a year in Xiamen (UTC+8 all year), as an instant. */
const xiamenYearStart = (year: number) => new Date(Date.UTC(year, 0, 1) - XIAMEN_OFFSET_MS);

/** The definitions, in SQL, over every non-draft session. */
async function fromTheRows() {
  const db = getDb();
  const attended = exists(
    db
      .select({ one: sql`1` })
      .from(attendance)
      .where(and(eq(attendance.registrationId, registrations.id), eq(attendance.attended, true))),
  );
  const nonDraft = ne(trainingSessions.status, "draft");
  const one = async (figure: ReturnType<typeof count>, where: ReturnType<typeof and>) => {
    const [row] = await db
      .select({ n: figure })
      .from(registrations)
      .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
      .where(and(nonDraft, where));
    return row!.n;
  };
  const [days] = await db
    .select({ n: count() })
    .from(attendance)
    .innerJoin(registrations, eq(registrations.id, attendance.registrationId))
    .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
    .where(and(nonDraft, eq(attendance.attended, true)));

  // Participant-times by the Xiamen year of the session's start: one count per year in the range.
  const [range] = await db
    .select({ first: min(trainingSessions.startsAt), last: max(trainingSessions.startsAt) })
    .from(registrations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
    .where(and(nonDraft, attended));
  const byYear: Record<string, number> = {};
  if (range?.first && range.last) {
    const yearOf = (instant: Date) => new Date(instant.getTime() + XIAMEN_OFFSET_MS).getUTCFullYear();
    for (let year = yearOf(range.first); year <= yearOf(range.last); year++) {
      const n = await one(
        count(),
        and(
          attended,
          gte(trainingSessions.startsAt, xiamenYearStart(year)),
          lt(trainingSessions.startsAt, xiamenYearStart(year + 1)),
        ),
      );
      if (n > 0) byYear[String(year)] = n;
    }
  }
  return {
    registrations: await one(count(), ne(registrations.status, "cancelled")),
    confirmed: await one(count(), eq(registrations.status, "confirmed")),
    participantTimes: await one(count(), attended),
    distinctParticipants: await one(countDistinct(registrations.userId), attended),
    attendanceDays: days!.n,
    byYear,
  };
}

async function fromTheSnapshot() {
  // Every session, those still to come too: this compares the snapshot with the rows, whatever
  // the date (the dashboard itself stops at today: see stats.test.ts).
  const stats = await computeStats(getDb(), {}, "en", "9999-12-31");
  const { registrations, confirmed, participantTimes, distinctParticipants, attendanceDays } = stats.totals;
  return {
    registrations,
    confirmed,
    participantTimes,
    distinctParticipants,
    attendanceDays,
    byYear: Object.fromEntries(
      stats.byYear.filter((y) => y.participantTimes > 0).map((y) => [y.year, y.participantTimes]),
    ),
  };
}

/** Attendance of a place on a day, written as staff marking it would: a new record or a changed one. */
function mark(registrationId: number, day: string, attended: boolean) {
  return transaction(getDb(), async (tx) => {
    await tx
      .insert(attendance)
      .values({ registrationId, day, attended, method: "manual", recordedAt: new Date() })
      .onConflictDoUpdate({ target: [attendance.registrationId, attendance.day], set: { attended } });
  });
}

/** The first person (by id) who attended some session: someone with rows in the snapshot already. */
async function someoneWhoAttended(): Promise<number> {
  const [row] = await getDb()
    .select({ userId: registrations.userId })
    .from(registrations)
    .innerJoin(attendance, eq(attendance.registrationId, registrations.id))
    .where(eq(attendance.attended, true))
    .orderBy(asc(registrations.userId))
    .limit(1);
  return row!.userId;
}

describe("the statistics snapshot", () => {
  it("stays equal to the rows through enrollments, attendance, cancellations, moved sessions and deletions", async () => {
    const db = getDb();
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());
    const sessionId = await createTestSession(db, { capacity: 10, startsInDays: -400, status: "completed" });
    const people = await createTrainees(db, { count: 4, prefix: `snapshot-${Date.now()}`, country: "EG" });
    await fillSeats(db, sessionId, people);
    const places = (
      await db
        .select({ id: registrations.id })
        .from(registrations)
        .where(eq(registrations.sessionId, sessionId))
        .orderBy(asc(registrations.id))
    ).map((row) => row.id);
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());

    await mark(places[0]!, "2025-01-01", true);
    await mark(places[0]!, "2025-01-02", true);
    await mark(places[1]!, "2025-01-01", true);
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());

    // Someone who has attended before takes a place: the row goes among that person's rows.
    const veteran = await someoneWhoAttended();
    const veteranPlace = await transaction(db, async (tx) => {
      const [created] = await tx
        .insert(registrations)
        .values({ sessionId, userId: veteran, status: "confirmed", countryCode: "BR", queuedAt: new Date() })
        .returning({ id: registrations.id });
      return created!.id;
    });
    await mark(veteranPlace, "2025-01-01", true);
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());

    await mark(places[1]!, "2025-01-01", false); // corrected to absent
    await transaction(db, async (tx) => {
      await tx.update(registrations).set({ status: "cancelled" }).where(eq(registrations.id, places[2]!));
    });
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());

    // The session moves to another year: its registrations move with it.
    await transaction(db, async (tx) => {
      const [times] = await tx
        .select({
          startsAt: trainingSessions.startsAt,
          endsAt: trainingSessions.endsAt,
          enrollmentOpensAt: trainingSessions.enrollmentOpensAt,
          enrollmentClosesAt: trainingSessions.enrollmentClosesAt,
        })
        .from(trainingSessions)
        .where(eq(trainingSessions.id, sessionId));
      const earlier = (instant: Date) => new Date(instant.getTime() - 400 * DAY_MS);
      await tx
        .update(trainingSessions)
        .set({
          startsAt: earlier(times!.startsAt),
          endsAt: earlier(times!.endsAt),
          enrollmentOpensAt: earlier(times!.enrollmentOpensAt),
          enrollmentClosesAt: earlier(times!.enrollmentClosesAt),
        })
        .where(eq(trainingSessions.id, sessionId));
    });
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());

    // A registration deleted by hand (the app never does) counts for nothing.
    await transaction(db, async (tx) => {
      await tx.delete(attendance).where(eq(attendance.registrationId, places[0]!));
    });
    await transaction(db, async (tx) => {
      await tx.delete(registrations).where(eq(registrations.id, places[0]!));
    });
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());

    // A session back to draft leaves the figures.
    await transaction(db, async (tx) => {
      await tx.update(trainingSessions).set({ status: "draft" }).where(eq(trainingSessions.id, sessionId));
    });
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());
  });

  it("reads everything again when the change log was pruned past where it stopped", async () => {
    const db = getDb();
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());
    const sessionId = await createTestSession(db, { capacity: 50, startsInDays: -30, status: "completed" });
    const people = await createTrainees(db, { count: 30, prefix: `pruned-${Date.now()}`, country: "KZ" });
    await fillSeats(db, sessionId, people);
    // Every place's attendance in one statement.
    await transaction(db, async (tx) => {
      const places = await tx
        .select({ id: registrations.id })
        .from(registrations)
        .where(eq(registrations.sessionId, sessionId));
      await tx.insert(attendance).values(
        places.map((row) => ({
          registrationId: row.id,
          day: "2026-10-01",
          attended: true,
          method: "import" as const,
          recordedAt: new Date(0),
        })),
      );
    });
    // On PostgreSQL pruning never passes a transaction still running anywhere on the server
    // (another test file's, say): it is tried again until they have ended.
    let left = Infinity;
    for (let attempt = 0; attempt < 100 && left > 1; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await pruneStatsChanges(db, 0);
      const [changes] = await db.select({ n: count() }).from(statsChanges);
      left = changes!.n;
    }
    expect(left).toBeLessThanOrEqual(1);
    expect(await fromTheSnapshot()).toEqual(await fromTheRows());
  });
});

describe("figures brought forward after a change", () => {
  it("equal the figures counted from every row, table by table, for several filter sets", async () => {
    const db = getDb();
    const sessionId = await createTestSession(db, { capacity: 3, startsInDays: -20, status: "completed" });
    const people = await createTrainees(db, { count: 5, prefix: `forward-${Date.now()}`, country: "IN" });
    // A trainee who attended elsewhere already: their distinct count must not move twice.
    const veteran = await someoneWhoAttended();
    const filterSets = [{}, { group: "brics" }, { mode: "online" as const }, { from: "2026-01-01" }];
    // A `from` no view has used is a cache key of its own: those figures are counted from every row.
    let fresh = 0;
    const counted = (filters: { from?: string }) =>
      computeStats(db, { ...filters, from: filters.from ?? `0000-${String(++fresh).padStart(5, "0")}` }, "en");
    const same = async () => {
      for (const filters of filterSets) {
        const forward = await computeStats(db, filters, "en");
        const everyRow = await counted(filters);
        expect(forward, JSON.stringify(filters)).toEqual(everyRow);
      }
    };
    for (const filters of filterSets) await computeStats(db, filters, "en");
    await same();

    const changes: (() => Promise<unknown>)[] = [
      () => fillSeats(db, sessionId, [people[0]!, veteran]),
      () => fillSeats(db, sessionId, [people[1]!, people[2]!]), // one confirmed, one waitlisted
      async () => {
        const places = await db
          .select({ id: registrations.id })
          .from(registrations)
          .where(eq(registrations.sessionId, sessionId));
        for (const place of places) await mark(place.id, "2026-11-01", true);
      },
      async () => {
        const [place] = await db
          .select({ id: registrations.id })
          .from(registrations)
          .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, veteran)));
        await mark(place!.id, "2026-11-01", false);
        await mark(place!.id, "2026-11-02", true);
      },
      () =>
        transaction(db, (tx) =>
          tx
            .update(registrations)
            .set({ status: "cancelled" })
            .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, people[0]!))),
        ),
      // The country on the place corrected: the person moves from one country's figures to another's.
      () =>
        transaction(db, (tx) =>
          tx
            .update(registrations)
            .set({ countryCode: "ZA" })
            .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, people[1]!))),
        ),
    ];
    for (const change of changes) {
      await change();
      await same();
    }
    // Several changes between two views come forward together.
    await fillSeats(db, sessionId, [people[3]!]);
    await transaction(db, (tx) =>
      tx.update(registrations).set({ status: "cancelled" }).where(eq(registrations.userId, people[3]!)),
    );
    await fillSeats(db, sessionId, [people[4]!]);
    await same();
  });
});

describe("a computation that pauses between slices", () => {
  it("reads one snapshot throughout, while a change is refreshed in for whoever asks after", async () => {
    const db = getDb();
    const sessionId = await createTestSession(db, { capacity: 10, startsInDays: -30, status: "completed" });
    const [first, second] = await createTrainees(db, { count: 2, prefix: `slices-${Date.now()}`, country: "BR" });
    await fillSeats(db, sessionId, [first!]);
    const steps: string[] = [];
    let later: Promise<number> | undefined;
    const seen = await readSnapshot(db, async (snapshot) => {
      const before = snapshot.count;
      // A place taken now, and a reader asking for the figures now: its refresh must wait for this reader.
      await fillSeats(db, sessionId, [second!]);
      later = readSnapshot(db, (fresh) => {
        steps.push("later reader");
        return fresh.count;
      });
      for (let slice = 0; slice < 5; slice++) await new Promise((resolve) => setImmediate(resolve));
      steps.push("first reader done");
      return [before, snapshot.count];
    });
    expect(seen[1]).toBe(seen[0]);
    expect(await later).toBe(seen[0]! + 1);
    expect(steps).toEqual(["first reader done", "later reader"]);
  });
});

describe("the read-write lock", () => {
  it("lets readers share, keeps a writer alone, and serves in order of asking", async () => {
    const lock = new ReadWriteLock();
    const events: string[] = [];
    const pause = () => new Promise((resolve) => setImmediate(resolve));
    const reader = (name: string) =>
      lock.read(async () => {
        events.push(`${name} in`);
        await pause();
        await pause();
        events.push(`${name} out`);
      });
    const writer = (name: string) =>
      lock.write(async () => {
        events.push(`${name} in`);
        await pause();
        events.push(`${name} out`);
      });
    // A reader that asks after a waiting writer waits for it, though other readers are in.
    await Promise.all([reader("r1"), reader("r2"), writer("w1"), reader("r3"), writer("w2")]);
    expect(events).toEqual([
      "r1 in",
      "r2 in",
      "r1 out",
      "r2 out",
      "w1 in",
      "w1 out",
      "r3 in",
      "r3 out",
      "w2 in",
      "w2 out",
    ]);
    // A failed piece of work lets the next one in.
    await expect(lock.write(() => Promise.reject(new Error("stopped")))).rejects.toThrow("stopped");
    await expect(lock.read(() => "after")).resolves.toBe("after");
  });
});
