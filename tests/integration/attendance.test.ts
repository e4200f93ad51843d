/**
 * Attendance taken three ways — staff marking, the trainee's check-in code, a meeting's
 * attendance file — all landing in one (registration, day) model that statistics count.
 */
import { and, asc, count, eq, inArray, ne, type SQL } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { getDb, transaction } from "~/utils/db.server";
import { createSession as createAuthSession, sessionCookie } from "~/utils/session.server";
import { CHECK_IN_WINDOW_MS, checkIn, currentCheckInCode, markAttendance } from "~/models/attendance.server";
import {
  applyImport,
  createAttendanceImport,
  getAttendanceImport,
  IMPORT_BATCH_SIZE,
  planImport,
} from "~/models/attendance-import.server";
import { computeStats } from "~/models/stats.server";
import { parseDay, parseMinutes, parseWallClock, readAttendanceFile } from "~/utils/attendance-file.server";
import { localDate, zonedLocalToUtc } from "~/utils/time-zone";
import { loader as rosterCsv } from "~/routes/manage.sessions.$sessionId_.roster[.csv]";
import { loader as rosterXlsx } from "~/routes/manage.sessions.$sessionId_.roster[.xlsx]";
import { action as uploadAttendance } from "~/routes/manage.sessions.$sessionId_.attendance-import";
import { attendance, attendanceImports, auditEvents, registrations, trainingSessions, users } from "../../db/schema";
import { createTestSession, createTrainees, fillSeats, findSeatViolations, staffActor } from "../support/enrollment";
import { routeArgs } from "../support/route-args";
import { turnsOfOtherWorkDuring } from "../support/turns";

const INSTITUTION = "xiamen-ocean-vocational-college";
let prefixCounter = 0;
const trainees = (count: number, country = "BR") =>
  createTrainees(getDb(), { count, prefix: `attendance-${++prefixCounter}`, country });
const staffOf = (slug: string) => staffActor(getDb(), slug);
const staff = () => staffOf(INSTITUTION);
async function registrationOf(sessionId: number, userId: number): Promise<number> {
  const [row] = await getDb()
    .select({ id: registrations.id })
    .from(registrations)
    .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, userId)));
  if (!row) throw new Error(`No registration of user ${userId} in session ${sessionId}`);
  return row.id;
}
const attendanceOf = (registrationId: number) =>
  getDb()
    .select({ day: attendance.day, attended: attendance.attended, method: attendance.method })
    .from(attendance)
    .where(eq(attendance.registrationId, registrationId))
    .orderBy(asc(attendance.day));
async function attendedDays(registrationId: number): Promise<number> {
  const [row] = await getDb()
    .select({ attendedDays: registrations.attendedDays })
    .from(registrations)
    .where(eq(registrations.id, registrationId));
  return row!.attendedDays;
}
async function emailOf(id: number): Promise<string> {
  const [row] = await getDb().select({ email: users.email }).from(users).where(eq(users.id, id));
  return row!.email;
}
/** The e-mail addresses of the users, in the order given. */
async function emailsOf(ids: number[]): Promise<string[]> {
  const rows = await getDb().select({ id: users.id, email: users.email }).from(users).where(inArray(users.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row.email]));
  return ids.map((id) => byId.get(id)!);
}
/** How many rows a table holds (those matching `where`, when given). */
async function rowCount(
  table: typeof users | typeof registrations | typeof attendance | typeof attendanceImports,
  where?: SQL,
): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(table).where(where);
  return row!.n;
}
/** Attendance rows of the sessions' registrations. */
const attendanceOfSessions = (...sessionIds: number[]) =>
  rowCount(
    attendance,
    inArray(
      attendance.registrationId,
      getDb().select({ id: registrations.id }).from(registrations).where(inArray(registrations.sessionId, sessionIds)),
    ),
  );
/** Audit events of an action on the session. */
async function audited(action: string, sessionId: number): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, String(sessionId))));
  return row!.n;
}
/** A waitlisted place, taken directly. */
async function waitlist(sessionId: number, userId: number) {
  await transaction(getDb(), async (tx) => {
    await tx
      .insert(registrations)
      .values({ sessionId, userId, status: "waitlisted", countryCode: "BR", queuedAt: new Date() });
  });
}
/** Moves a session to the hours given (its enrollment window closing as it starts). */
async function reschedule(sessionId: number, startsAt: number, endsAt: number) {
  await transaction(getDb(), async (tx) => {
    await tx
      .update(trainingSessions)
      .set({
        startsAt: new Date(startsAt),
        endsAt: new Date(endsAt),
        enrollmentOpensAt: new Date(startsAt - 10 * 86_400_000),
        enrollmentClosesAt: new Date(startsAt),
      })
      .where(eq(trainingSessions.id, sessionId));
  });
}

/** A session under way now (started two hours ago, in Xiamen), so today is one of its days. */
function sessionToday(
  options: { mode?: "online" | "offline" | "hybrid"; capacity?: number; lastsHours?: number } = {},
) {
  return createTestSession(getDb(), {
    institutionSlug: INSTITUTION,
    capacity: options.capacity ?? 10,
    startsInDays: -2 / 24,
    lastsHours: options.lastsHours ?? 4,
    mode: options.mode ?? "offline",
    title: `Attendance test ${prefixCounter}`,
  });
}
const today = () => localDate(new Date(), "Asia/Shanghai");

/**
 * A session running all of today in Xiamen (00:00 to 23:59), for files whose join times are
 * written as wall-clock times ("09:00"): an import counts only the minutes within the session's
 * hours, and these are always within them.
 */
async function sessionAllDayToday(options: Parameters<typeof sessionToday>[0] = {}) {
  const sessionId = await sessionToday(options);
  const startsAt = zonedLocalToUtc(`${today()}T00:00`, "Asia/Shanghai").getTime();
  await reschedule(sessionId, startsAt, startsAt + (23 * 60 + 59) * 60_000);
  return sessionId;
}

afterEach(async () => {
  expect(await findSeatViolations(getDb())).toEqual([]);
  // The triggers' count of attended days agrees with the rows, over the whole database.
  const drifted = await getDb()
    .select({ id: registrations.id })
    .from(registrations)
    .leftJoin(attendance, and(eq(attendance.registrationId, registrations.id), eq(attendance.attended, true)))
    .groupBy(registrations.id)
    .having(ne(registrations.attendedDays, count(attendance.id)));
  expect(drifted).toEqual([]);
});

describe("staff marking attendance", () => {
  it("marks the listed confirmed places present or absent, keeps attended days, and leaves others alone", async () => {
    const sessionId = await sessionToday({ capacity: 3 });
    const [a, b, c, waiting] = await trainees(4);
    await fillSeats(getDb(), sessionId, [a!, b!, c!]);
    await waitlist(sessionId, waiting!);
    const [ra, rb, rc, rw] = await Promise.all([a, b, c, waiting].map((id) => registrationOf(sessionId, id!)));

    const result = await markAttendance(getDb(), {
      actor: await staff(),
      sessionId,
      day: today(),
      listed: [ra!, rb!, rw!],
      present: [ra!, rw!],
    });
    expect(result).toEqual({ ok: true, present: 1, absent: 1 });
    expect(await attendanceOf(ra!)).toEqual([{ day: today(), attended: true, method: "manual" }]);
    expect(await attendanceOf(rb!)).toEqual([{ day: today(), attended: false, method: "manual" }]);
    expect(await attendanceOf(rc!)).toEqual([]); // not listed (filtered out by a search)
    expect(await attendanceOf(rw!)).toEqual([]); // a waitlisted place never attends
    expect(await attendedDays(ra!)).toBe(1);

    // Marking again replaces the day's record; the trigger keeps the count right both ways.
    await markAttendance(getDb(), {
      actor: await staff(),
      sessionId,
      day: today(),
      listed: [ra!, rb!],
      present: [rb!],
    });
    expect(await attendedDays(ra!)).toBe(0);
    expect(await attendedDays(rb!)).toBe(1);
    expect(await audited("attendance.marked", sessionId)).toBe(2);
  });

  it("refuses days outside the session or in the future, and other institutions' sessions", async () => {
    const sessionId = await sessionToday();
    const [a] = await trainees(1);
    await fillSeats(getDb(), sessionId, [a!]);
    const ra = await registrationOf(sessionId, a!);
    const tomorrow = localDate(new Date(Date.now() + 86_400_000), "Asia/Shanghai");
    expect(
      await markAttendance(getDb(), { actor: await staff(), sessionId, day: tomorrow, listed: [ra], present: [ra] }),
    ).toEqual({
      ok: false,
      reason: "day_not_recordable",
    });
    expect(
      await markAttendance(getDb(), {
        actor: await staff(),
        sessionId,
        day: "2020-01-01",
        listed: [ra],
        present: [ra],
      }),
    ).toEqual({
      ok: false,
      reason: "day_not_recordable",
    });
    expect(
      await markAttendance(getDb(), {
        actor: await staffOf("xiamen-university"),
        sessionId,
        day: today(),
        listed: [ra],
        present: [ra],
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    const upcoming = await createTestSession(getDb(), { institutionSlug: INSTITUTION, capacity: 5, startsInDays: 3 });
    expect(
      (
        await markAttendance(getDb(), {
          actor: await staff(),
          sessionId: upcoming,
          day: today(),
          listed: [],
          present: [],
        })
      ).ok,
    ).toBe(false);
    expect(await attendanceOf(ra)).toEqual([]);
  });

  it("moves the statistics at once (the cached figures follow the data version)", async () => {
    const sessionId = await sessionToday();
    const [a] = await trainees(1, "IN");
    await fillSeats(getDb(), sessionId, [a!]);
    const before = (await computeStats(getDb(), { institution: INSTITUTION }, "en")).totals.participantTimes;
    const ra = await registrationOf(sessionId, a!);
    await markAttendance(getDb(), { actor: await staff(), sessionId, day: today(), listed: [ra], present: [ra] });
    expect((await computeStats(getDb(), { institution: INSTITUTION }, "en")).totals.participantTimes).toBe(before + 1);
  });
});

describe("self check-in with the rotating code", () => {
  it("checks a confirmed trainee in with the code shown now or the one just before, once", async () => {
    const sessionId = await sessionToday();
    const [a, b] = await trainees(2);
    await fillSeats(getDb(), sessionId, [a!, b!]);
    const now = new Date();

    // Before staff open the check-in screen there is no code to match.
    expect(await checkIn(getDb(), { userId: a!, code: "123456", locale: "en", now })).toEqual({
      ok: false,
      reason: "no_session_today",
    });

    const shown = await currentCheckInCode(getDb(), { actor: await staff(), sessionId, now });
    expect(shown?.code).toMatch(/^\d{6}$/);
    const result = await checkIn(getDb(), { userId: a!, code: shown!.code, locale: "en", now });
    expect(result).toMatchObject({ ok: true, sessionId, day: today(), already: false });
    expect(await attendanceOf(await registrationOf(sessionId, a!))).toEqual([
      { day: today(), attended: true, method: "check_in_code" },
    ]);
    expect(await checkIn(getDb(), { userId: a!, code: shown!.code, locale: "en", now })).toMatchObject({
      ok: true,
      already: true,
    });

    // The previous window's code still works for a slow typist; two windows back does not.
    const later = new Date(now.getTime() + CHECK_IN_WINDOW_MS);
    expect(await checkIn(getDb(), { userId: b!, code: shown!.code, locale: "en", now: later })).toMatchObject({
      ok: true,
    });
    const [c] = await trainees(1);
    await fillSeats(getDb(), sessionId, [c!]);
    const muchLater = new Date(now.getTime() + 2 * CHECK_IN_WINDOW_MS);
    expect((await currentCheckInCode(getDb(), { actor: await staff(), sessionId, now: muchLater }))?.code).not.toBe(
      shown!.code,
    );
    expect((await checkIn(getDb(), { userId: c!, code: shown!.code, locale: "en", now: muchLater })).ok).toBe(false);
  });

  it("refuses a wrong code, a waitlisted trainee and an online session, writing nothing", async () => {
    const sessionId = await sessionToday({ capacity: 1 });
    const [a, waiting] = await trainees(2);
    await fillSeats(getDb(), sessionId, [a!]);
    await waitlist(sessionId, waiting!);
    const { code } = (await currentCheckInCode(getDb(), { actor: await staff(), sessionId }))!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(await checkIn(getDb(), { userId: a!, code: wrong, locale: "en" })).toEqual({
      ok: false,
      reason: "wrong_code",
    });
    expect(await checkIn(getDb(), { userId: waiting!, code, locale: "en" })).toEqual({
      ok: false,
      reason: "no_session_today",
    });

    const online = await sessionToday({ mode: "online" });
    const [d] = await trainees(1);
    await fillSeats(getDb(), online, [d!]);
    const onlineCode = (await currentCheckInCode(getDb(), { actor: await staff(), sessionId: online }))!.code;
    expect(await checkIn(getDb(), { userId: d!, code: onlineCode, locale: "en" })).toEqual({
      ok: false,
      reason: "no_session_today",
    });
    expect(await attendanceOfSessions(sessionId, online)).toBe(0);
  });

  it("stops guessing after ten wrong codes", async () => {
    const sessionId = await sessionToday();
    const [a] = await trainees(1);
    await fillSeats(getDb(), sessionId, [a!]);
    const { code } = (await currentCheckInCode(getDb(), { actor: await staff(), sessionId }))!;
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 10; i++)
      expect((await checkIn(getDb(), { userId: a!, code: wrong, locale: "en" })).ok).toBe(false);
    expect(await checkIn(getDb(), { userId: a!, code, locale: "en" })).toEqual({
      ok: false,
      reason: "too_many_attempts",
    });
  });
});

describe("reading attendance files", () => {
  it("reads durations and dates the way meeting tools write them", () => {
    expect(parseMinutes("45")).toBe(45);
    expect(parseMinutes("45,5")).toBe(45.5);
    expect(parseMinutes("1:05:00")).toBe(65);
    expect(parseMinutes("45:30")).toBe(45.5);
    expect(parseMinutes("1h 5m")).toBe(65);
    expect(parseMinutes("1 小时 5 分钟")).toBe(65);
    expect(parseMinutes("1 ч 5 мин")).toBe(65);
    expect(parseMinutes("soon")).toBeNull();
    expect(parseDay("2026-11-20 09:01:33")).toBe("2026-11-20");
    expect(parseDay("2026/11/20 09:01")).toBe("2026-11-20");
    expect(parseDay("11/20/2026 09:01:33 AM")).toBe("2026-11-20");
    expect(parseDay("20/11/2026")).toBe("2026-11-20");
    expect(parseDay("20.11.2026 9:01")).toBe("2026-11-20");
    expect(parseDay("2026-02-30")).toBeNull();
    expect(parseWallClock("2026-11-20 09:01:33")).toEqual({
      day: "2026-11-20",
      secondOfDay: 9 * 3600 + 60 + 33,
    });
    expect(parseWallClock("11/20/2026 12:05:00 AM")).toEqual({ day: "2026-11-20", secondOfDay: 5 * 60 });
    expect(parseWallClock("11/20/2026 2:05 PM")).toEqual({ day: "2026-11-20", secondOfDay: 14 * 3600 + 5 * 60 });
    expect(parseWallClock("2026年11月20日 下午2:05")).toEqual({ day: "2026-11-20", secondOfDay: 14 * 3600 + 5 * 60 });
    expect(parseWallClock("2026-11-20T23:59")).toEqual({ day: "2026-11-20", secondOfDay: 23 * 3600 + 59 * 60 });
    expect(parseWallClock("2026-11-20")).toBeNull();
    expect(parseWallClock("2026-11-20 25:00")).toBeNull();
    expect(parseWallClock("11/20/2026 13:00 PM")).toBeNull();
  });

  it("finds the participants' table under a meeting preamble, in UTF-8, UTF-16 with tabs, and XLSX", async () => {
    const csv = [
      "Meeting ID,Topic,Start Time",
      "123 456 789,Smart ports,2026-11-20 09:00",
      "",
      "Name (Original Name),User Email,Join Time,Duration (Minutes)",
      'Ana Souza,ana@example.org,2026-11-20 09:01,"45"',
      "李明,li@example.org,2026-11-20 09:05,30",
    ].join("\r\n");
    const fromCsv = await readAttendanceFile(Buffer.from(`\uFEFF${csv}`), "zoom.csv");
    expect(fromCsv).toEqual({
      ok: true,
      table: {
        preamble: [
          ["Meeting ID", "Topic", "Start Time"],
          ["123 456 789", "Smart ports", "2026-11-20 09:00"],
        ],
        headers: ["Name (Original Name)", "User Email", "Join Time", "Duration (Minutes)"],
        rows: [
          ["Ana Souza", "ana@example.org", "2026-11-20 09:01", "45"],
          ["李明", "li@example.org", "2026-11-20 09:05", "30"],
        ],
      },
    });
    const tsv = "Full Name\tEmail\tDuration\r\nAna Souza\tana@example.org\t45m\r\n";
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]);
    expect(await readAttendanceFile(utf16, "teams.csv")).toMatchObject({
      ok: true,
      table: { headers: ["Full Name", "Email", "Duration"], rows: [["Ana Souza", "ana@example.org", "45m"]] },
    });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("参会者");
    sheet.addRow(["用户昵称", "邮箱", "参会时长(分钟)"]);
    sheet.addRow(["李明", "li@example.org", 52]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readAttendanceFile(xlsx, "tencent.xlsx")).toMatchObject({
      ok: true,
      table: { headers: ["用户昵称", "邮箱", "参会时长(分钟)"], rows: [["李明", "li@example.org", "52"]] },
    });
    expect(await readAttendanceFile(Buffer.from("name,minutes\nAna,45\n"), "x.csv")).toEqual({
      ok: false,
      problem: "no_email_column",
    });
  });
});

describe("importing a meeting's attendance", () => {
  async function uploaded(sessionId: number, lines: string[]) {
    const read = await readAttendanceFile(Buffer.from(lines.join("\n")), "meeting.csv");
    if (!read.ok) throw new Error(read.problem);
    const importId = await createAttendanceImport(getDb(), {
      actor: await staff(),
      sessionId,
      fileName: "meeting.csv",
      table: read.table,
    });
    return (await getAttendanceImport(getDb(), { actor: await staff(), sessionId, importId: importId! }))!;
  }

  it("matches by e-mail, adds up rejoins, applies the threshold, lists the rest, and imports idempotently", async () => {
    const sessionId = await sessionAllDayToday({ mode: "online", capacity: 3 });
    const [confirmedA, confirmedB, outsider, waiting] = await trainees(4);
    await fillSeats(getDb(), sessionId, [confirmedA!, confirmedB!]);
    await fillSeats(getDb(), sessionId, []);
    await waitlist(sessionId, waiting!);
    const day = today();
    const record = await uploaded(sessionId, [
      "Name,Email,Join time,Minutes,Country",
      `A,${(await emailOf(confirmedA!)).toUpperCase()},${day} 09:00,20,`,
      `A,${await emailOf(confirmedA!)},${day} 10:00,25,`,
      `B,${await emailOf(confirmedB!)},${day} 09:00,10,`,
      `Outsider,${await emailOf(outsider!)},${day} 09:00,60,`,
      `Waiting,${await emailOf(waiting!)},${day} 09:00,60,`,
      `New person,new-${prefixCounter}@partner.example.org,${day} 09:00,50,Бразилия`,
      `Nobody,nobody-${prefixCounter}@partner.example.org,${day} 09:00,50,Atlantis`,
      "Broken,not-an-address,2026-11-20 09:00,50,",
      `Early,${await emailOf(confirmedB!)},2020-01-01 09:00,50,`,
    ]);
    const options = {
      headerRow: 0,
      columns: { name: 0, email: 1, day: 2, minutes: 3, country: 4 },
      day: null,
      minMinutes: 30,
      addMissing: false,
    };
    const plan = await planImport(getDb(), record, options);
    expect(plan.present.map((r) => [r.email, r.minutes])).toEqual([[(await emailOf(confirmedA!)).toLowerCase(), 45]]);
    expect(plan.tooShort.map((r) => r.email)).toEqual([(await emailOf(confirmedB!)).toLowerCase()]);
    expect(plan.unmatched.map((r) => r.reason).sort()).toEqual(
      ["day_outside_session", "invalid_email", "no_account", "no_account", "not_confirmed", "not_registered"].sort(),
    );

    const usersBefore = await rowCount(users);
    const first = await applyImport(getDb(), { actor: await staff(), record, options });
    expect(first).toEqual({ present: 1, absent: 1, accountsCreated: 0, placesAdded: 0, unmatched: 6, keptOther: 0 });
    const ra = await registrationOf(sessionId, confirmedA!);
    expect(await attendanceOf(ra)).toEqual([{ day, attended: true, method: "import" }]);
    expect(await attendanceOf(await registrationOf(sessionId, confirmedB!))).toEqual([
      { day, attended: false, method: "import" },
    ]);
    expect(await rowCount(users)).toBe(usersBefore);

    // With "add missing": the outsider gets a place, the Russian-named Brazil makes a new record.
    const withMissing = { ...options, addMissing: true };
    const snapshot = async () => [
      await rowCount(users),
      await rowCount(registrations),
      await rowCount(attendance),
      await rowCount(attendance, eq(attendance.attended, true)),
    ];
    const second = await applyImport(getDb(), { actor: await staff(), record, options: withMissing });
    expect(second).toMatchObject({ present: 3, absent: 1, accountsCreated: 1, placesAdded: 2 });
    const [created] = await getDb()
      .select({ id: users.id, country: users.countryCode, hash: users.passwordHash })
      .from(users)
      .where(eq(users.email, `new-${prefixCounter}@partner.example.org`));
    expect(created).toMatchObject({ country: "BR", hash: null });
    expect(await attendanceOf(await registrationOf(sessionId, outsider!))).toEqual([
      { day, attended: true, method: "import" },
    ]);
    // The session grew to fit the people who were there.
    const [grown] = await getDb()
      .select({ capacity: trainingSessions.capacity })
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    expect(grown?.capacity).toBe(4);

    // The same file again changes nothing.
    const after = await snapshot();
    const third = await applyImport(getDb(), {
      actor: await staff(),
      record: (await getAttendanceImport(getDb(), { actor: await staff(), sessionId, importId: record.id }))!,
      options: withMissing,
    });
    expect(third).toMatchObject({ present: 3, absent: 1, accountsCreated: 0, placesAdded: 0 });
    expect(await snapshot()).toEqual(after);
  });

  it("applies a long file in batches, letting other work run between them", async () => {
    const sessionId = await sessionToday({ mode: "online", capacity: 1_200 });
    const people = await trainees(1_200);
    await fillSeats(getDb(), sessionId, people);
    const record = await uploaded(sessionId, ["Email", ...(await emailsOf(people))]);
    let result: Awaited<ReturnType<typeof applyImport>> | undefined;
    const actor = await staff();
    const turns = await turnsOfOtherWorkDuring(async () => {
      result = await applyImport(getDb(), {
        actor,
        record,
        options: { headerRow: 0, columns: { email: 0 }, day: today(), minMinutes: 30, addMissing: false },
      });
    });
    expect(result?.present).toBe(1_200);
    // A turn after each batch of look-ups while planning and after each batch of writes.
    expect(turns).toBeGreaterThanOrEqual(2 * Math.ceil(1_200 / IMPORT_BATCH_SIZE));
    expect(await attendanceOfSessions(sessionId)).toBe(1_200);
  });

  it("keeps what was recorded another way: a check-in or a correction by hand is not undone by a file", async () => {
    const sessionId = await sessionAllDayToday({ mode: "hybrid", capacity: 5 });
    const [onSite, corrected, plain] = await trainees(3);
    await fillSeats(getDb(), sessionId, [onSite!, corrected!, plain!]);
    const day = today();
    // On site with the room's code; then the file says ten minutes online, under the threshold.
    const { code } = (await currentCheckInCode(getDb(), { actor: await staff(), sessionId }))!;
    expect(await checkIn(getDb(), { userId: onSite!, code, locale: "en" })).toMatchObject({ ok: true });
    const [onSiteEmail, correctedEmail, plainEmail] = await emailsOf([onSite!, corrected!, plain!]);
    const file = (minutes: number) => [
      "Email,Join time,Minutes",
      `${onSiteEmail},${day} 09:00,10`,
      `${correctedEmail},${day} 09:00,${minutes}`,
      `${plainEmail},${day} 09:00,${minutes}`,
    ];
    const options = {
      headerRow: 0,
      columns: { email: 0, day: 1, minutes: 2 },
      day: null,
      minMinutes: 30,
      addMissing: false,
    };
    const first = await applyImport(getDb(), {
      actor: await staff(),
      record: await uploaded(sessionId, file(5)),
      options,
    });
    expect(first).toMatchObject({ present: 0, absent: 2, keptOther: 1 });
    expect(await attendanceOf(await registrationOf(sessionId, onSite!))).toEqual([
      { day, attended: true, method: "check_in_code" },
    ]);

    // Staff correct one of them by hand; saving the day leaves the check-in's own record as it was.
    const ids = await Promise.all([onSite!, corrected!, plain!].map((id) => registrationOf(sessionId, id)));
    await markAttendance(getDb(), { actor: await staff(), sessionId, day, listed: ids, present: [ids[0]!, ids[1]!] });
    expect(await attendanceOf(ids[0]!)).toEqual([{ day, attended: true, method: "check_in_code" }]);
    expect(await attendanceOf(ids[1]!)).toEqual([{ day, attended: true, method: "manual" }]);

    // The same old file applied again changes neither; a later file still updates what only a file said.
    const again = await applyImport(getDb(), {
      actor: await staff(),
      record: await uploaded(sessionId, file(5)),
      options,
    });
    expect(again).toMatchObject({ keptOther: 2 });
    expect(await attendanceOf(ids[1]!)).toEqual([{ day, attended: true, method: "manual" }]);
    await applyImport(getDb(), { actor: await staff(), record: await uploaded(sessionId, file(50)), options });
    expect(await attendanceOf(ids[2]!)).toEqual([{ day, attended: true, method: "import" }]);

    // Staff may still mark someone absent who checked in (their decision), and a check-in after
    // an "absent" by hand means the person arrived.
    await markAttendance(getDb(), { actor: await staff(), sessionId, day, listed: [ids[0]!], present: [] });
    expect(await attendanceOf(ids[0]!)).toEqual([{ day, attended: false, method: "manual" }]);
    expect(await checkIn(getDb(), { userId: onSite!, code, locale: "en" })).toMatchObject({ ok: true });
    expect(await attendanceOf(ids[0]!)).toEqual([{ day, attended: true, method: "check_in_code" }]);
  });

  it("counts everyone listed as present when the file has no minutes, on the chosen day", async () => {
    const sessionId = await sessionToday({ mode: "online" });
    const [a] = await trainees(1);
    await fillSeats(getDb(), sessionId, [a!]);
    const record = await uploaded(sessionId, ["Email", await emailOf(a!)]);
    const result = await applyImport(getDb(), {
      actor: await staff(),
      record,
      options: { headerRow: 0, columns: { email: 0 }, day: today(), minMinutes: 30, addMissing: false },
    });
    expect(result.present).toBe(1);
  });

  it("counts only the minutes within the session's hours, read in its zone, from join and leave times or a duration", async () => {
    // Yesterday in Xiamen, 09:00 to 12:00.
    const sessionId = await sessionToday({ mode: "online", capacity: 6 });
    const day = localDate(new Date(Date.now() - 86_400_000), "Asia/Shanghai");
    const at = (clock: string) => zonedLocalToUtc(`${day}T${clock}`, "Asia/Shanghai").getTime();
    await reschedule(sessionId, at("09:00"), at("12:00"));
    const people = await trainees(6);
    await fillSeats(getDb(), sessionId, people);
    const [early, late, whole, usFormat, byDuration, overnight] = await emailsOf(people);
    const [y, m, d] = day.split("-");
    const record = await uploaded(sessionId, [
      "Name,Email,Join time,Leave time,Duration (minutes)",
      // In the waiting room from 08:00: forty minutes of the session, not a hundred.
      `Early,${early},${day} 08:00:00,${day} 09:40:00,100`,
      `Late,${late},${day} 11:50,${day} 14:00,130`,
      `Whole,${whole},${day} 09:00:00,${day} 12:00:00,180`,
      `US,${usFormat},${m}/${d}/${y} 10:00:00 AM,${m}/${d}/${y} 01:30:00 PM,210`,
      // No leave time: the duration from the join time, clipped the same way.
      `Duration,${byDuration},${day} 11:30,,90`,
      `Overnight,${overnight},${day} 下午 1:00,${day} 下午 11:00,600`,
    ]);
    const options = {
      headerRow: 0,
      columns: { name: 0, email: 1, day: 2, leave: 3, minutes: 4 },
      day: null,
      minMinutes: 30,
      addMissing: false,
    };
    const plan = await planImport(getDb(), record, options);
    const minutes = Object.fromEntries(
      [...plan.present, ...plan.tooShort].map((row) => [row.email, Math.round((row.minutes ?? -1) * 10) / 10]),
    );
    expect(minutes).toEqual({
      [early!]: 40,
      [late!]: 10,
      [whole!]: 180,
      [usFormat!]: 120,
      [byDuration!]: 30,
      [overnight!]: 0,
    });
    expect(plan.present.map((row) => row.email).sort()).toEqual([early, whole, usFormat, byDuration].sort());
  });

  it("counts an evening session's minutes past midnight (22:00 to 02:00 in Xiamen) as its own", async () => {
    // Two days ago in Xiamen from 22:00 to 02:00 the next day: the afternoon in Brasília.
    const sessionId = await sessionToday({ mode: "online", capacity: 4 });
    const day = localDate(new Date(Date.now() - 2 * 86_400_000), "Asia/Shanghai");
    const next = localDate(new Date(Date.now() - 86_400_000), "Asia/Shanghai");
    const zoned = (date: string, clock: string) => zonedLocalToUtc(`${date}T${clock}`, "Asia/Shanghai").getTime();
    await reschedule(sessionId, zoned(day, "22:00"), zoned(next, "02:00"));
    const people = await trainees(4);
    await fillSeats(getDb(), sessionId, people);
    const [across, afterMidnight, lateStay, shortBefore] = await emailsOf(people);
    const record = await uploaded(sessionId, [
      "Name,Email,Join time,Leave time,Duration (minutes)",
      // From ten minutes early to half past midnight: the session's 150 minutes of it.
      `Across,${across},${day} 21:50,${next} 00:30,160`,
      `After midnight,${afterMidnight},${next} 00:10,,60`,
      // Stayed on after the end at 02:00.
      `Late,${lateStay},${next} 01:30,${next} 03:00,90`,
      `Short,${shortBefore},${day} 23:30,,45`,
    ]);
    const plan = await planImport(getDb(), record, {
      headerRow: 0,
      columns: { name: 0, email: 1, day: 2, leave: 3, minutes: 4 },
      day: null,
      minMinutes: 30,
      addMissing: false,
    });
    const minutes = Object.fromEntries(
      [...plan.present, ...plan.tooShort].map((row) => [row.email, Math.round((row.minutes ?? -1) * 10) / 10]),
    );
    expect(minutes).toEqual({ [across!]: 150, [afterMidnight!]: 60, [lateStay!]: 30, [shortBefore!]: 45 });
    expect(plan.present.map((row) => row.email).sort()).toEqual([across, afterMidnight, lateStay, shortBefore].sort());
  });

  it("keeps another institution's imports out of reach", async () => {
    const sessionId = await sessionToday({ mode: "online" });
    const record = await uploaded(sessionId, ["Email", "x@example.org"]);
    expect(
      await getAttendanceImport(getDb(), { actor: await staffOf("xiamen-university"), sessionId, importId: record.id }),
    ).toBeNull();
    expect(
      await createAttendanceImport(getDb(), {
        actor: await staffOf("xiamen-university"),
        sessionId,
        fileName: "x",
        table: { preamble: [], headers: [], rows: [] },
      }),
    ).toBeNull();
  });
});

describe("roster exports", () => {
  async function download(
    loader: (args: ReturnType<typeof routeArgs<{ sessionId: string }>>) => Promise<Response>,
    sessionId: number,
    userId: number,
    extension: "csv" | "xlsx",
  ): Promise<Response> {
    const cookie = await sessionCookie.serialize((await createAuthSession(getDb(), userId)).token);
    const request = new Request(`http://localhost/manage/sessions/${sessionId}/roster.${extension}`, {
      headers: { Cookie: cookie },
    });
    try {
      return await loader(routeArgs({ request, params: { sessionId: String(sessionId) }, context: {} }));
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      const status = (thrown as { init?: { status?: number } }).init?.status ?? 500;
      return new Response(null, { status });
    }
  }

  it("keeps names and organizations from becoming formulas, holds attendance per day, and is audited", async () => {
    const sessionId = await sessionToday();
    const [a, b] = await trainees(2);
    await transaction(getDb(), async (tx) => {
      await tx
        .update(users)
        .set({ name: '=HYPERLINK("http://evil.example","x")', organization: "+55 Port Authority" })
        .where(eq(users.id, a!));
      await tx.update(users).set({ organization: '@risk, "Ltd"' }).where(eq(users.id, b!));
    });
    await fillSeats(getDb(), sessionId, [a!, b!]);
    const ra = await registrationOf(sessionId, a!);
    await markAttendance(getDb(), { actor: await staff(), sessionId, day: today(), listed: [ra], present: [ra] });

    const csvResponse = await download(rosterCsv, sessionId, (await staff()).id, "csv");
    expect(csvResponse.status).toBe(200);
    const bytes = Buffer.from(await csvResponse.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM (text() would drop it)
    const csv = bytes.toString("utf8");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain("'+55 Port Authority");
    expect(csv).toContain(`"'@risk, ""Ltd"""`);
    expect(csv.split("\r\n")[0]).toContain(today());

    const xlsxResponse = await download(rosterXlsx, sessionId, (await staff()).id, "xlsx");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await xlsxResponse.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const nameRow = [2, 3]
      .map((n) => sheet.getRow(n))
      .find((row) => String(row.getCell(1).value).includes("HYPERLINK"))!;
    // In the workbook, text cells typed as text: shown as written, never evaluated, no apostrophe.
    expect(nameRow.getCell(1).value).toBe('=HYPERLINK("http://evil.example","x")');
    expect(nameRow.getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(nameRow.getCell(5).value).toBe("+55 Port Authority");
    expect(nameRow.getCell(5).type).toBe(ExcelJS.ValueType.String);
    expect(nameRow.getCell(header.indexOf(today()) + 1).value).toBe(1);
    expect(await audited("roster.exported", sessionId)).toBe(2);
  });

  it("is not found for staff of another institution and forbidden to trainees", async () => {
    const sessionId = await sessionToday();
    const [trainee] = await trainees(1);
    expect((await download(rosterCsv, sessionId, (await staffOf("xiamen-university")).id, "csv")).status).toBe(404);
    expect((await download(rosterXlsx, sessionId, (await staffOf("xiamen-university")).id, "xlsx")).status).toBe(404);
    expect((await download(rosterCsv, sessionId, trainee!, "csv")).status).toBe(403);
    expect(await audited("roster.exported", sessionId)).toBe(0);
  });
});

describe("the upload form", () => {
  const importCount = () => rowCount(attendanceImports);

  async function upload(sessionId: number, body: BodyInit, headers: Record<string, string>) {
    const cookie = await sessionCookie.serialize((await createAuthSession(getDb(), (await staff()).id)).token);
    const request = new Request(`http://localhost/manage/sessions/${sessionId}/attendance-import`, {
      method: "POST",
      headers: { Cookie: cookie, ...headers },
      body,
      duplex: "half",
    } as RequestInit);
    return (await uploadAttendance(routeArgs({ request, params: { sessionId: String(sessionId) } }))) as unknown as {
      data: { error: string };
      init: { status: number };
    };
  }

  it("answers a body that is no multipart form with its own message, and stores nothing", async () => {
    const sessionId = await sessionToday();
    const before = await importCount();
    const result = await upload(sessionId, "--xyz\r\nthis is not a part", {
      "Content-Type": "multipart/form-data; boundary=xyz",
    });
    expect(result.init.status).toBe(400);
    expect(result.data.error).toBe("attendanceImport.unreadable");
    expect(await importCount()).toBe(before);
  });

  it("stops reading an upload that does not declare its size once it passes 10 MB", async () => {
    const sessionId = await sessionToday();
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const result = await upload(sessionId, stream, { "Content-Type": "multipart/form-data; boundary=xyz" });
    expect(result.init.status).toBe(413);
    expect(result.data.error).toBe("attendanceImport.tooLarge");
    expect(sent).toBeLessThan(15);
  });
});
