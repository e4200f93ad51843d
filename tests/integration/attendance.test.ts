/**
 * Attendance taken three ways — staff marking, the trainee's check-in code, a meeting's
 * attendance file — all landing in one (registration, day) model that statistics count.
 */
import { afterEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { getDb } from "~/utils/db.server";
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
import { createTestSession, createTrainees, fillSeats, findSeatViolations, staffActor } from "../support/enrollment";
import { routeArgs } from "../support/route-args";
import { turnsOfOtherWorkDuring } from "../support/turns";

const sqlite = () => getDb().$client;
const INSTITUTION = "xiamen-ocean-vocational-college";
let prefixCounter = 0;
const trainees = (count: number, country = "BR") =>
  createTrainees(sqlite(), { count, prefix: `attendance-${++prefixCounter}`, country });
const staffOf = (slug: string) => staffActor(sqlite(), slug);
const staff = () => staffOf(INSTITUTION);
const registrationOf = (sessionId: number, userId: number) =>
  sqlite()
    .prepare("select id from registrations where session_id = ? and user_id = ?")
    .pluck()
    .get(sessionId, userId) as number;
const attendanceOf = (registrationId: number) =>
  sqlite()
    .prepare("select day, attended, method from attendance where registration_id = ? order by day")
    .all(registrationId) as { day: string; attended: number; method: string }[];
const attendedDays = (registrationId: number) =>
  sqlite().prepare("select attended_days from registrations where id = ?").pluck().get(registrationId) as number;
const emailOf = (id: number) => sqlite().prepare("select email from users where id = ?").pluck().get(id) as string;
const count = (table: string, where = "1 = 1", ...args: unknown[]) =>
  sqlite()
    .prepare(`select count(*) from ${table} where ${where}`)
    .pluck()
    .get(...args) as number;

/** A session under way now (started two hours ago, in Xiamen), so today is one of its days. */
function sessionToday(
  options: { mode?: "online" | "offline" | "hybrid"; capacity?: number; lastsHours?: number } = {},
) {
  return createTestSession(sqlite(), {
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
function sessionAllDayToday(options: Parameters<typeof sessionToday>[0] = {}) {
  const sessionId = sessionToday(options);
  const startsAt = zonedLocalToUtc(`${today()}T00:00`, "Asia/Shanghai").getTime();
  sqlite()
    .prepare(
      `update training_sessions set starts_at = ?, ends_at = ?, enrollment_opens_at = ?, enrollment_closes_at = ?
       where id = ?`,
    )
    .run(startsAt, startsAt + (23 * 60 + 59) * 60_000, startsAt - 10 * 86_400_000, startsAt, sessionId);
  return sessionId;
}

afterEach(() => {
  expect(findSeatViolations(sqlite())).toEqual([]);
  // The triggers' count of attended days agrees with the rows, over the whole database.
  const drifted = sqlite()
    .prepare(
      `select count(*) from registrations r
       where attended_days != (select count(*) from attendance a where a.registration_id = r.id and a.attended = 1)`,
    )
    .pluck()
    .get();
  expect(drifted).toBe(0);
});

describe("staff marking attendance", () => {
  it("marks the listed confirmed places present or absent, keeps attended days, and leaves others alone", () => {
    const sessionId = sessionToday({ capacity: 3 });
    const [a, b, c, waiting] = trainees(4);
    fillSeats(sqlite(), sessionId, [a!, b!, c!]);
    sqlite()
      .prepare(
        "insert into registrations (session_id, user_id, status, country_code, queued_at) values (?, ?, 'waitlisted', 'BR', ?)",
      )
      .run(sessionId, waiting, Date.now());
    const [ra, rb, rc, rw] = [a, b, c, waiting].map((id) => registrationOf(sessionId, id!)) as number[];

    const result = markAttendance({
      actor: staff(),
      sessionId,
      day: today(),
      listed: [ra!, rb!, rw!],
      present: [ra!, rw!],
    });
    expect(result).toEqual({ ok: true, present: 1, absent: 1 });
    expect(attendanceOf(ra!)).toEqual([{ day: today(), attended: 1, method: "manual" }]);
    expect(attendanceOf(rb!)).toEqual([{ day: today(), attended: 0, method: "manual" }]);
    expect(attendanceOf(rc!)).toEqual([]); // not listed (filtered out by a search)
    expect(attendanceOf(rw!)).toEqual([]); // a waitlisted place never attends
    expect(attendedDays(ra!)).toBe(1);

    // Marking again replaces the day's record; the trigger keeps the count right both ways.
    markAttendance({ actor: staff(), sessionId, day: today(), listed: [ra!, rb!], present: [rb!] });
    expect(attendedDays(ra!)).toBe(0);
    expect(attendedDays(rb!)).toBe(1);
    expect(count("audit_events", "action = 'attendance.marked' and entity_id = ?", String(sessionId))).toBe(2);
  });

  it("refuses days outside the session or in the future, and other institutions' sessions", () => {
    const sessionId = sessionToday();
    const [a] = trainees(1);
    fillSeats(sqlite(), sessionId, [a!]);
    const ra = registrationOf(sessionId, a!);
    const tomorrow = localDate(new Date(Date.now() + 86_400_000), "Asia/Shanghai");
    expect(markAttendance({ actor: staff(), sessionId, day: tomorrow, listed: [ra], present: [ra] })).toEqual({
      ok: false,
      reason: "day_not_recordable",
    });
    expect(markAttendance({ actor: staff(), sessionId, day: "2020-01-01", listed: [ra], present: [ra] })).toEqual({
      ok: false,
      reason: "day_not_recordable",
    });
    expect(
      markAttendance({ actor: staffOf("xiamen-university"), sessionId, day: today(), listed: [ra], present: [ra] }),
    ).toEqual({ ok: false, reason: "not_found" });
    const upcoming = createTestSession(sqlite(), { institutionSlug: INSTITUTION, capacity: 5, startsInDays: 3 });
    expect(markAttendance({ actor: staff(), sessionId: upcoming, day: today(), listed: [], present: [] }).ok).toBe(
      false,
    );
    expect(attendanceOf(ra)).toEqual([]);
  });

  it("moves the statistics at once (the cached figures follow the data version)", () => {
    const sessionId = sessionToday();
    const [a] = trainees(1, "IN");
    fillSeats(sqlite(), sessionId, [a!]);
    const before = computeStats({ institution: INSTITUTION }, "en").totals.participantTimes;
    const ra = registrationOf(sessionId, a!);
    markAttendance({ actor: staff(), sessionId, day: today(), listed: [ra], present: [ra] });
    expect(computeStats({ institution: INSTITUTION }, "en").totals.participantTimes).toBe(before + 1);
  });
});

describe("self check-in with the rotating code", () => {
  it("checks a confirmed trainee in with the code shown now or the one just before, once", () => {
    const sessionId = sessionToday();
    const [a, b] = trainees(2);
    fillSeats(sqlite(), sessionId, [a!, b!]);
    const now = new Date();

    // Before staff open the check-in screen there is no code to match.
    expect(checkIn({ userId: a!, code: "123456", locale: "en", now })).toEqual({
      ok: false,
      reason: "no_session_today",
    });

    const shown = currentCheckInCode({ actor: staff(), sessionId, now });
    expect(shown?.code).toMatch(/^\d{6}$/);
    const result = checkIn({ userId: a!, code: shown!.code, locale: "en", now });
    expect(result).toMatchObject({ ok: true, sessionId, day: today(), already: false });
    expect(attendanceOf(registrationOf(sessionId, a!))).toEqual([
      { day: today(), attended: 1, method: "check_in_code" },
    ]);
    expect(checkIn({ userId: a!, code: shown!.code, locale: "en", now })).toMatchObject({ ok: true, already: true });

    // The previous window's code still works for a slow typist; two windows back does not.
    const later = new Date(now.getTime() + CHECK_IN_WINDOW_MS);
    expect(checkIn({ userId: b!, code: shown!.code, locale: "en", now: later })).toMatchObject({ ok: true });
    const [c] = trainees(1);
    fillSeats(sqlite(), sessionId, [c!]);
    const muchLater = new Date(now.getTime() + 2 * CHECK_IN_WINDOW_MS);
    expect(currentCheckInCode({ actor: staff(), sessionId, now: muchLater })?.code).not.toBe(shown!.code);
    expect(checkIn({ userId: c!, code: shown!.code, locale: "en", now: muchLater }).ok).toBe(false);
  });

  it("refuses a wrong code, a waitlisted trainee and an online session, writing nothing", () => {
    const sessionId = sessionToday({ capacity: 1 });
    const [a, waiting] = trainees(2);
    fillSeats(sqlite(), sessionId, [a!]);
    sqlite()
      .prepare(
        "insert into registrations (session_id, user_id, status, country_code, queued_at) values (?, ?, 'waitlisted', 'BR', ?)",
      )
      .run(sessionId, waiting, Date.now());
    const { code } = currentCheckInCode({ actor: staff(), sessionId })!;
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    expect(checkIn({ userId: a!, code: wrong, locale: "en" })).toEqual({ ok: false, reason: "wrong_code" });
    expect(checkIn({ userId: waiting!, code, locale: "en" })).toEqual({ ok: false, reason: "no_session_today" });

    const online = sessionToday({ mode: "online" });
    const [d] = trainees(1);
    fillSeats(sqlite(), online, [d!]);
    const onlineCode = currentCheckInCode({ actor: staff(), sessionId: online })!.code;
    expect(checkIn({ userId: d!, code: onlineCode, locale: "en" })).toEqual({ ok: false, reason: "no_session_today" });
    expect(
      count(
        "attendance",
        "registration_id in (select id from registrations where session_id in (?, ?))",
        sessionId,
        online,
      ),
    ).toBe(0);
  });

  it("stops guessing after ten wrong codes", () => {
    const sessionId = sessionToday();
    const [a] = trainees(1);
    fillSeats(sqlite(), sessionId, [a!]);
    const { code } = currentCheckInCode({ actor: staff(), sessionId })!;
    const wrong = String((Number(code) + 500_000) % 1_000_000).padStart(6, "0");
    for (let i = 0; i < 10; i++) expect(checkIn({ userId: a!, code: wrong, locale: "en" }).ok).toBe(false);
    expect(checkIn({ userId: a!, code, locale: "en" })).toEqual({ ok: false, reason: "too_many_attempts" });
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
    const importId = createAttendanceImport({ actor: staff(), sessionId, fileName: "meeting.csv", table: read.table });
    return getAttendanceImport({ actor: staff(), sessionId, importId: importId! })!;
  }

  it("matches by e-mail, adds up rejoins, applies the threshold, lists the rest, and imports idempotently", async () => {
    const sessionId = sessionAllDayToday({ mode: "online", capacity: 3 });
    const [confirmedA, confirmedB, outsider, waiting] = trainees(4);
    fillSeats(sqlite(), sessionId, [confirmedA!, confirmedB!]);
    fillSeats(sqlite(), sessionId, []);
    sqlite()
      .prepare(
        "insert into registrations (session_id, user_id, status, country_code, queued_at) values (?, ?, 'waitlisted', 'BR', ?)",
      )
      .run(sessionId, waiting, Date.now());
    const day = today();
    const record = await uploaded(sessionId, [
      "Name,Email,Join time,Minutes,Country",
      `A,${emailOf(confirmedA!).toUpperCase()},${day} 09:00,20,`,
      `A,${emailOf(confirmedA!)},${day} 10:00,25,`,
      `B,${emailOf(confirmedB!)},${day} 09:00,10,`,
      `Outsider,${emailOf(outsider!)},${day} 09:00,60,`,
      `Waiting,${emailOf(waiting!)},${day} 09:00,60,`,
      `New person,new-${prefixCounter}@partner.example.org,${day} 09:00,50,Бразилия`,
      `Nobody,nobody-${prefixCounter}@partner.example.org,${day} 09:00,50,Atlantis`,
      "Broken,not-an-address,2026-11-20 09:00,50,",
      `Early,${emailOf(confirmedB!)},2020-01-01 09:00,50,`,
    ]);
    const options = {
      headerRow: 0,
      columns: { name: 0, email: 1, day: 2, minutes: 3, country: 4 },
      day: null,
      minMinutes: 30,
      addMissing: false,
    };
    const plan = await planImport(record, options);
    expect(plan.present.map((r) => [r.email, r.minutes])).toEqual([[emailOf(confirmedA!).toLowerCase(), 45]]);
    expect(plan.tooShort.map((r) => r.email)).toEqual([emailOf(confirmedB!).toLowerCase()]);
    expect(plan.unmatched.map((r) => r.reason).sort()).toEqual(
      ["day_outside_session", "invalid_email", "no_account", "no_account", "not_confirmed", "not_registered"].sort(),
    );

    const usersBefore = count("users");
    const first = await applyImport({ actor: staff(), record, options });
    expect(first).toEqual({ present: 1, absent: 1, accountsCreated: 0, placesAdded: 0, unmatched: 6, keptOther: 0 });
    const ra = registrationOf(sessionId, confirmedA!);
    expect(attendanceOf(ra)).toEqual([{ day, attended: 1, method: "import" }]);
    expect(attendanceOf(registrationOf(sessionId, confirmedB!))).toEqual([{ day, attended: 0, method: "import" }]);
    expect(count("users")).toBe(usersBefore);

    // With "add missing": the outsider gets a place, the Russian-named Brazil makes a new record.
    const withMissing = { ...options, addMissing: true };
    const snapshot = () => [
      count("users"),
      count("registrations"),
      count("attendance"),
      count("attendance", "attended = 1"),
    ];
    const second = await applyImport({ actor: staff(), record, options: withMissing });
    expect(second).toMatchObject({ present: 3, absent: 1, accountsCreated: 1, placesAdded: 2 });
    const created = sqlite()
      .prepare("select id, country_code as country, password_hash as hash from users where email = ?")
      .get(`new-${prefixCounter}@partner.example.org`) as { id: number; country: string; hash: string | null };
    expect(created).toMatchObject({ country: "BR", hash: null });
    expect(attendanceOf(registrationOf(sessionId, outsider!))).toEqual([{ day, attended: 1, method: "import" }]);
    // The session grew to fit the people who were there.
    expect(sqlite().prepare("select capacity from training_sessions where id = ?").pluck().get(sessionId)).toBe(4);

    // The same file again changes nothing.
    const after = snapshot();
    const third = await applyImport({
      actor: staff(),
      record: getAttendanceImport({ actor: staff(), sessionId, importId: record.id })!,
      options: withMissing,
    });
    expect(third).toMatchObject({ present: 3, absent: 1, accountsCreated: 0, placesAdded: 0 });
    expect(snapshot()).toEqual(after);
  });

  it("applies a long file in batches, letting other work run between them", async () => {
    const sessionId = sessionToday({ mode: "online", capacity: 1_200 });
    const people = trainees(1_200);
    fillSeats(sqlite(), sessionId, people);
    const record = await uploaded(sessionId, ["Email", ...people.map(emailOf)]);
    let result: Awaited<ReturnType<typeof applyImport>> | undefined;
    const turns = await turnsOfOtherWorkDuring(async () => {
      result = await applyImport({
        actor: staff(),
        record,
        options: { headerRow: 0, columns: { email: 0 }, day: today(), minMinutes: 30, addMissing: false },
      });
    });
    expect(result?.present).toBe(1_200);
    // A turn after each batch of look-ups while planning and after each batch of writes.
    expect(turns).toBeGreaterThanOrEqual(2 * Math.ceil(1_200 / IMPORT_BATCH_SIZE));
    expect(count("attendance a join registrations r on r.id = a.registration_id", "r.session_id = ?", sessionId)).toBe(
      1_200,
    );
  });

  it("keeps what was recorded another way: a check-in or a correction by hand is not undone by a file", async () => {
    const sessionId = sessionAllDayToday({ mode: "hybrid", capacity: 5 });
    const [onSite, corrected, plain] = trainees(3);
    fillSeats(sqlite(), sessionId, [onSite!, corrected!, plain!]);
    const day = today();
    // On site with the room's code; then the file says ten minutes online, under the threshold.
    const { code } = currentCheckInCode({ actor: staff(), sessionId })!;
    expect(checkIn({ userId: onSite!, code, locale: "en" })).toMatchObject({ ok: true });
    const file = (minutes: number) => [
      "Email,Join time,Minutes",
      `${emailOf(onSite!)},${day} 09:00,10`,
      `${emailOf(corrected!)},${day} 09:00,${minutes}`,
      `${emailOf(plain!)},${day} 09:00,${minutes}`,
    ];
    const options = {
      headerRow: 0,
      columns: { email: 0, day: 1, minutes: 2 },
      day: null,
      minMinutes: 30,
      addMissing: false,
    };
    const first = await applyImport({ actor: staff(), record: await uploaded(sessionId, file(5)), options });
    expect(first).toMatchObject({ present: 0, absent: 2, keptOther: 1 });
    expect(attendanceOf(registrationOf(sessionId, onSite!))).toEqual([{ day, attended: 1, method: "check_in_code" }]);

    // Staff correct one of them by hand; saving the day leaves the check-in's own record as it was.
    const ids = [onSite!, corrected!, plain!].map((id) => registrationOf(sessionId, id));
    markAttendance({ actor: staff(), sessionId, day, listed: ids, present: [ids[0]!, ids[1]!] });
    expect(attendanceOf(ids[0]!)).toEqual([{ day, attended: 1, method: "check_in_code" }]);
    expect(attendanceOf(ids[1]!)).toEqual([{ day, attended: 1, method: "manual" }]);

    // The same old file applied again changes neither; a later file still updates what only a file said.
    const again = await applyImport({ actor: staff(), record: await uploaded(sessionId, file(5)), options });
    expect(again).toMatchObject({ keptOther: 2 });
    expect(attendanceOf(ids[1]!)).toEqual([{ day, attended: 1, method: "manual" }]);
    await applyImport({ actor: staff(), record: await uploaded(sessionId, file(50)), options });
    expect(attendanceOf(ids[2]!)).toEqual([{ day, attended: 1, method: "import" }]);

    // Staff may still mark someone absent who checked in (their decision), and a check-in after
    // an "absent" by hand means the person arrived.
    markAttendance({ actor: staff(), sessionId, day, listed: [ids[0]!], present: [] });
    expect(attendanceOf(ids[0]!)).toEqual([{ day, attended: 0, method: "manual" }]);
    expect(checkIn({ userId: onSite!, code, locale: "en" })).toMatchObject({ ok: true });
    expect(attendanceOf(ids[0]!)).toEqual([{ day, attended: 1, method: "check_in_code" }]);
  });

  it("counts everyone listed as present when the file has no minutes, on the chosen day", async () => {
    const sessionId = sessionToday({ mode: "online" });
    const [a] = trainees(1);
    fillSeats(sqlite(), sessionId, [a!]);
    const record = await uploaded(sessionId, ["Email", emailOf(a!)]);
    const result = await applyImport({
      actor: staff(),
      record,
      options: { headerRow: 0, columns: { email: 0 }, day: today(), minMinutes: 30, addMissing: false },
    });
    expect(result.present).toBe(1);
  });

  it("counts only the minutes within the session's hours, read in its zone, from join and leave times or a duration", async () => {
    // Yesterday in Xiamen, 09:00 to 12:00.
    const sessionId = sessionToday({ mode: "online", capacity: 6 });
    const day = localDate(new Date(Date.now() - 86_400_000), "Asia/Shanghai");
    const at = (clock: string) => zonedLocalToUtc(`${day}T${clock}`, "Asia/Shanghai").getTime();
    sqlite()
      .prepare(
        `update training_sessions set starts_at = ?, ends_at = ?, enrollment_opens_at = ?, enrollment_closes_at = ?
         where id = ?`,
      )
      .run(at("09:00"), at("12:00"), at("09:00") - 10 * 86_400_000, at("09:00"), sessionId);
    const people = trainees(6);
    fillSeats(sqlite(), sessionId, people);
    const [early, late, whole, usFormat, byDuration, overnight] = people.map(emailOf);
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
    const plan = await planImport(record, options);
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

  it("keeps another institution's imports out of reach", async () => {
    const sessionId = sessionToday({ mode: "online" });
    const record = await uploaded(sessionId, ["Email", "x@example.org"]);
    expect(getAttendanceImport({ actor: staffOf("xiamen-university"), sessionId, importId: record.id })).toBeNull();
    expect(
      createAttendanceImport({
        actor: staffOf("xiamen-university"),
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
    const cookie = await sessionCookie.serialize(createAuthSession(userId).token);
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
    const sessionId = sessionToday();
    const [a, b] = trainees(2);
    sqlite()
      .prepare("update users set name = ?, organization = ? where id = ?")
      .run('=HYPERLINK("http://evil.example","x")', "+55 Port Authority", a);
    sqlite().prepare("update users set organization = ? where id = ?").run('@risk, "Ltd"', b);
    fillSeats(sqlite(), sessionId, [a!, b!]);
    const ra = registrationOf(sessionId, a!);
    markAttendance({ actor: staff(), sessionId, day: today(), listed: [ra], present: [ra] });

    const csvResponse = await download(rosterCsv, sessionId, staff().id, "csv");
    expect(csvResponse.status).toBe(200);
    const bytes = Buffer.from(await csvResponse.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM (text() would drop it)
    const csv = bytes.toString("utf8");
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csv).toContain("'+55 Port Authority");
    expect(csv).toContain(`"'@risk, ""Ltd"""`);
    expect(csv.split("\r\n")[0]).toContain(today());

    const xlsxResponse = await download(rosterXlsx, sessionId, staff().id, "xlsx");
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
    expect(count("audit_events", "action = 'roster.exported' and entity_id = ?", String(sessionId))).toBe(2);
  });

  it("is not found for staff of another institution and forbidden to trainees", async () => {
    const sessionId = sessionToday();
    const [trainee] = trainees(1);
    expect((await download(rosterCsv, sessionId, staffOf("xiamen-university").id, "csv")).status).toBe(404);
    expect((await download(rosterXlsx, sessionId, staffOf("xiamen-university").id, "xlsx")).status).toBe(404);
    expect((await download(rosterCsv, sessionId, trainee!, "csv")).status).toBe(403);
    expect(count("audit_events", "action = 'roster.exported' and entity_id = ?", String(sessionId))).toBe(0);
  });
});

describe("the upload form", () => {
  const importCount = () => sqlite().prepare("select count(*) from attendance_imports").pluck().get() as number;

  async function upload(sessionId: number, body: BodyInit, headers: Record<string, string>) {
    const cookie = await sessionCookie.serialize(createAuthSession(staff().id).token);
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
    const sessionId = sessionToday();
    const before = importCount();
    const result = await upload(sessionId, "--xyz\r\nthis is not a part", {
      "Content-Type": "multipart/form-data; boundary=xyz",
    });
    expect(result.init.status).toBe(400);
    expect(result.data.error).toBe("attendanceImport.unreadable");
    expect(importCount()).toBe(before);
  });

  it("stops reading an upload that does not declare its size once it passes 10 MB", async () => {
    const sessionId = sessionToday();
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
