/**
 * The statistics definitions on a hand-built fixture: one institution of its own (so the demo
 * data around it never counts), sessions in 2021 and 2025, people whose every place is known.
 */
import { and, count, countDistinct, eq, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import type { LoaderFunctionArgs } from "react-router";
import { getDb, transaction } from "~/utils/db.server";
import { createSession, sessionCookie } from "~/utils/session.server";
import {
  computeStats,
  computeStatsWithSessions,
  reportingToday,
  statsByCountry,
  statsByDomain,
  statsByMonth,
  statsTotals,
  type StatsFilters,
} from "~/models/stats.server";
import {
  attendance,
  auditEvents,
  courses,
  domains,
  institutions,
  programs,
  registrations,
  trainingSessions,
  users,
  type RegistrationStatus,
  type SessionMode,
  type SessionStatus,
} from "../../db/schema";
import { createTrainees, organizerActor } from "../support/enrollment";
import { routeArgs } from "../support/route-args";

const INSTITUTION = "stats-fixture-college";
const only = (filters: StatsFilters = {}): StatsFilters => ({ institution: INSTITUTION, ...filters });

async function domainId(slug: string): Promise<number> {
  const [row] = await getDb().select({ id: domains.id }).from(domains).where(eq(domains.slug, slug));
  if (!row) throw new Error(`No domain ${slug}`);
  return row.id;
}

/** A session starting at the Xiamen date and hour given, lasting `days` days. */
async function session(
  courseId: number,
  xiamenStart: string,
  days: number,
  mode: SessionMode = "online",
  status: SessionStatus = "completed",
) {
  const startsAt = Date.parse(`${xiamenStart}:00+08:00`);
  const [created] = await transaction(getDb(), (tx) =>
    tx
      .insert(trainingSessions)
      .values({
        courseId,
        startsAt: new Date(startsAt),
        endsAt: new Date(startsAt + (days - 1) * 86_400_000 + 8 * 3_600_000),
        timeZone: "Asia/Shanghai",
        mode,
        capacity: 50,
        enrollmentOpensAt: new Date(startsAt - 30 * 86_400_000),
        enrollmentClosesAt: new Date(startsAt),
        languages: ["en"],
        status,
      })
      .returning({ id: trainingSessions.id }),
  );
  return created!.id;
}

async function place(
  sessionId: number,
  userId: number,
  status: RegistrationStatus,
  country: string,
  attendedDays: string[] = [],
) {
  return transaction(getDb(), async (tx) => {
    const [created] = await tx
      .insert(registrations)
      .values({ sessionId, userId, status, countryCode: country, queuedAt: new Date() })
      .returning({ id: registrations.id });
    const id = created!.id;
    for (const day of attendedDays)
      await tx
        .insert(attendance)
        .values({ registrationId: id, day, attended: true, method: "manual", recordedAt: new Date() });
    return id;
  });
}

async function updateUser(id: number, values: Partial<typeof users.$inferInsert>) {
  await transaction(getDb(), async (tx) => {
    await tx.update(users).set(values).where(eq(users.id, id));
  });
}

beforeAll(async () => {
  const db = getDb();
  const institutionId = await transaction(db, async (tx) => {
    const [created] = await tx
      .insert(institutions)
      .values({
        slug: INSTITUTION,
        name: { en: "Stats Fixture College" },
        kind: "vocational_college",
        city: { en: "Xiamen" },
        memberSince: "2021-01-01",
      })
      .returning({ id: institutions.id });
    return created!.id;
  });
  const [digital, green] = [await domainId("smart-industry"), await domainId("macroeconomic-policy")];
  const program = (domain: number) =>
    transaction(db, async (tx) => {
      const [created] = await tx
        .insert(programs)
        .values({ institutionId, domainId: domain, title: { en: "Fixture program" }, summary: { en: "x" } })
        .returning({ id: programs.id });
      return created!.id;
    });
  const course = (programId: number, code: string) =>
    transaction(db, async (tx) => {
      const [created] = await tx
        .insert(courses)
        .values({
          programId,
          code,
          title: { en: "Fixture" },
          summary: { en: "x" },
          hours: 8,
          level: "introductory",
          status: "published",
        })
        .returning({ id: courses.id });
      return created!.id;
    });
  const digitalCourse = await course(await program(digital), "FIX-DIG-1");
  const greenCourse = await course(await program(green), "FIX-GRN-1");

  const ids = await createTrainees(db, { count: 8, prefix: "stats" });
  const [ana, ivan, priya, mover, gone, waiting, leaver, thai] = ids as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];

  // 2021: a three-day offline session in May and two online ones in June.
  const may = await session(digitalCourse, "2021-05-25T09:00", 3, "offline");
  const june = await session(digitalCourse, "2021-06-10T14:00", 1);
  const juneGreen = await session(greenCourse, "2021-06-20T14:00", 1);
  // 2025: one session.
  const later = await session(greenCourse, "2025-03-01T09:00", 1);

  // Ana (Brazil) attends three sessions: three participant-times, one person.
  await place(may, ana, "confirmed", "BR", ["2021-05-25", "2021-05-26", "2021-05-27"]);
  await place(june, ana, "confirmed", "BR", ["2021-06-10"]);
  await place(juneGreen, ana, "confirmed", "BR", ["2021-06-20"]);
  // Ivan (Russia) is confirmed in May and attends one day of three.
  await place(may, ivan, "confirmed", "RU", ["2021-05-26"]);
  // Priya (India) is confirmed in June and never comes.
  await place(june, priya, "confirmed", "IN");
  // The mover registered from South Africa in 2021, then moved to India (their account now says IN).
  await place(juneGreen, mover, "confirmed", "ZA", ["2021-06-20"]);
  await updateUser(mover, { countryCode: "IN" });
  // A person who attended and then deleted their account: still counted, anonymously.
  await place(june, gone, "confirmed", "CN", ["2021-06-10"]);
  await updateUser(gone, { email: "deleted-x@deleted.invalid", name: "", deletedAt: new Date() });
  // Waitlisted and cancelled places, never attended.
  await place(may, waiting, "waitlisted", "EG");
  await place(june, leaver, "cancelled", "BR");
  // 2025: a Thai trainee (Thailand a BRICS partner since 2025) and Ana again.
  await place(later, thai, "confirmed", "TH", ["2025-03-01"]);
  await place(later, ana, "confirmed", "BR", ["2025-03-01"]);
});

describe("the statistics definitions", () => {
  it("count registrations, participant-times, distinct participants, attendance-days and the rate for 2021", async () => {
    const totals = await statsTotals(getDb(), only({ from: "2021-01-01", to: "2021-12-31" }));
    expect(totals).toEqual({
      sessions: 3,
      // Confirmed and waitlisted places; the cancelled one is not a registration.
      registrations: 8,
      confirmed: 7,
      // Ana ×3, Ivan, the mover, the deleted account: Priya and the waiting person never attended.
      participantTimes: 6,
      distinctParticipants: 4,
      attendanceDays: 3 + 1 + 1 + 1 + 1 + 1,
      attendanceRate: 6 / 7,
      // Brazil, Russia, South Africa, China.
      countries: 4,
    });
  });

  it("count a person under the country of their registration, even after they move", async () => {
    const byCountry = await statsByCountry(getDb(), only({ from: "2021-01-01", to: "2021-12-31" }), "en");
    const za = byCountry.find((row) => row.code === "ZA");
    expect(za).toMatchObject({ name: "South Africa", participantTimes: 1, group: "brics-members" });
    expect(byCountry.find((row) => row.code === "IN")).toMatchObject({ participantTimes: 0, registrations: 1 });
    expect(byCountry.find((row) => row.code === "BR")).toMatchObject({
      registrations: 3,
      participantTimes: 3,
      distinctParticipants: 1,
      attendanceDays: 5,
    });
    // Egypt joined BRICS in 2024: in 2021 it was in no group.
    expect(byCountry.find((row) => row.code === "EG")).toMatchObject({ group: null, registrations: 1 });
  });

  it("combine filters: period, domain, mode, country group", async () => {
    expect(
      await statsTotals(getDb(), only({ from: "2021-01-01", to: "2021-12-31", domain: "macroeconomic-policy" })),
    ).toMatchObject({
      sessions: 1,
      participantTimes: 2,
    });
    expect(await statsTotals(getDb(), only({ from: "2021-01-01", to: "2021-12-31", mode: "offline" }))).toMatchObject({
      sessions: 1,
      registrations: 3,
      participantTimes: 2,
    });
    expect(await statsTotals(getDb(), only({ group: "brics-partners" }))).toMatchObject({
      participantTimes: 1,
      countries: 1,
    });
    expect(await statsTotals(getDb(), only({ from: "2021-01-01", to: "2021-12-31", group: "others" }))).toMatchObject({
      registrations: 1,
      participantTimes: 0,
    });
    // The whole history: Ana is one person across both years.
    expect(await statsTotals(getDb(), only())).toMatchObject({ participantTimes: 8, distinctParticipants: 5 });
  });

  it("split by domain and by month in Xiamen time", async () => {
    const byDomain = await statsByDomain(getDb(), only({ from: "2021-01-01", to: "2021-12-31" }), "en");
    expect(byDomain.map((row) => [row.participantTimes])).toEqual([[4], [2]]);
    expect((await statsByMonth(getDb(), only())).map((row) => [row.month, row.participantTimes])).toEqual([
      ["2021-05", 2],
      ["2021-06", 4],
      ["2025-03", 2],
    ]);
  });
});

/** Calls a route's loader as the demo organizer, signed in with a real session cookie. */
async function asOrganizer(loader: (args: LoaderFunctionArgs) => Promise<Response>, path: string, language = "en") {
  const organizerId = (await organizerActor(getDb())).id;
  const cookie = await sessionCookie.serialize((await createSession(getDb(), organizerId)).token);
  return loader(
    routeArgs({
      request: new Request(`http://localhost${path}`, { headers: { Cookie: cookie, "Accept-Language": language } }),
      params: {},
      context: {},
    }),
  );
}

describe("the CSV export", () => {
  it("holds the dashboard's by-country figures, with a BOM and the ISO code", async () => {
    const { loader } = await import("~/routes/admin.stats_.export[.csv]");
    const response = await asOrganizer(
      loader,
      `/admin/stats/export.csv?institution=${INSTITUTION}&from=2021-01-01&to=2021-12-31`,
    );
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Read as a spreadsheet would: every text field arrives quoted, numbers bare.
    const [header, ...records] = parse(new TextDecoder().decode(bytes), { bom: true }) as string[][];
    expect(header?.slice(0, 2)).toEqual(["ISO code", "Country"]);
    const dashboard = await statsByCountry(getDb(), only({ from: "2021-01-01", to: "2021-12-31" }), "en");
    expect(records).toEqual(
      dashboard.map((row) =>
        [
          row.code,
          row.name,
          row.group === "brics-members" ? "BRICS members" : (row.group ?? "Other countries"),
          row.registrations,
          row.participantTimes,
          row.distinctParticipants,
          row.attendanceDays,
          row.confirmed,
        ].map(String),
      ),
    );
    const [exported] = await getDb()
      .select({ n: count() })
      .from(auditEvents)
      .where(eq(auditEvents.action, "stats.exported"));
    expect(exported?.n).toBe(1);
  });
});

describe("the Excel export", () => {
  it("holds every table of the dashboard as typed cells, sheet by sheet, with a bold, frozen, filterable header", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const { loader } = await import("~/routes/admin.stats_.export[.xlsx]");
    const response = await asOrganizer(loader, `/admin/stats/export.xlsx?institution=${INSTITUTION}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      "Totals",
      "By country",
      "By domain",
      "By institution",
      "By program",
      "By month",
      "Country × domain",
      "Sessions",
      "Registrations",
    ]);
    const stats = await computeStatsWithSessions(getDb(), only(), "en");
    const values = (name: string) =>
      ((workbook.getWorksheet(name)?.getSheetValues() ?? []).slice(2) as unknown[][]).map((row) => row.slice(1));

    const byCountry = workbook.getWorksheet("By country")!;
    expect(byCountry.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(byCountry.autoFilter).toBe(`A1:I${stats.byCountry.length + 1}`);
    expect(byCountry.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(values("By country").map((row) => [row[0], row[3], row[4], row[5], row[8]])).toEqual(
      stats.byCountry.map((row) => [
        row.code,
        row.registrations,
        row.participantTimes,
        row.distinctParticipants,
        row.attendanceRate ?? undefined,
      ]),
    );
    // The rate is a fraction shown as a percentage.
    const rateCell = byCountry.getRow(2).getCell(9);
    expect(typeof rateCell.value).toBe("number");
    expect(rateCell.numFmt).toBe("0.0%");

    expect(values("By program").map((row) => [row[0], row[1], row[2]])).toEqual(
      stats.byProgram.map((row) => [row.name, row.registrations, row.participantTimes]),
    );
    expect(stats.byProgram.length).toBeGreaterThan(0);

    // Months and dates are date cells, shown as such.
    const months = workbook.getWorksheet("By month")!;
    expect(months.getRow(2).getCell(1).value).toEqual(new Date("2021-05-01T00:00:00Z"));
    expect(months.getRow(2).getCell(1).numFmt).toBe("yyyy-mm");
    expect(values("By month").map((row) => [(row[0] as Date).toISOString().slice(0, 7), row[2]])).toEqual([
      ["2021-05", 2],
      ["2021-06", 4],
      ["2025-03", 2],
    ]);
    const sessions = workbook.getWorksheet("Sessions")!;
    expect(sessions.getRow(2).getCell(4).value).toEqual(new Date(`${stats.bySession[0]?.startDate}T00:00:00Z`));

    // The country × domain table: a column per domain, adding up to each country's participant-times.
    const pivot = workbook.getWorksheet("Country × domain")!;
    const domains = (pivot.getRow(1).values as unknown[]).slice(3, -1);
    expect(domains).toEqual(stats.byDomain.map((domain) => domain.name));
    expect(values("Country × domain")).toEqual(
      stats.countryByDomain.map((row) => [
        row.code,
        row.name,
        ...stats.byDomain.map((domain) => row.cells[domain.id] ?? 0),
        row.total,
      ]),
    );

    // Totals: a header of its own, the filters by name with their values' names, the rate as a percentage.
    const totals = workbook.getWorksheet("Totals")!;
    expect((totals.getRow(1).values as unknown[]).slice(1)).toEqual(["Filter or figure", "Value"]);
    const [institution] = await getDb()
      .select({ name: institutions.name })
      .from(institutions)
      .where(eq(institutions.slug, INSTITUTION));
    const institutionName = institution?.name.en;
    expect(values("Totals").slice(0, 7)).toEqual([
      ["From", "Any"],
      ["Until", "Any"],
      ["Domain", "Any"],
      ["Institution", institutionName],
      ["Program", "Any"],
      ["Mode", "Any"],
      ["Country group", "Any"],
    ]);
    const rateRow = values("Totals").findIndex((row) => row[0] === "Attendance rate") + 2;
    expect(totals.getRow(rateRow).getCell(2).value).toBe(stats.totals.attendanceRate);
    expect(totals.getRow(rateRow).getCell(2).numFmt).toBe("0.0%");
  });

  it("names its sheets, columns and filters in the reader's language, dates as dates", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const { loader } = await import("~/routes/admin.stats_.export[.xlsx]");
    const response = await asOrganizer(
      loader,
      `/admin/stats/export.xlsx?institution=${INSTITUTION}&from=2021-01-01&mode=online`,
      "ru",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const ru = (await import("~/i18n/locales/ru")).default;
    expect(workbook.worksheets[0]?.name).toBe(ru.stats.totalsHeading);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toContain(ru.stats.countryByDomainSheet);
    const totals = workbook.worksheets[0]!;
    expect(totals.getRow(2).values).toEqual([undefined, ru.stats.from, new Date("2021-01-01T00:00:00Z")]);
    expect(totals.getRow(2).getCell(2).numFmt).toBe("yyyy-mm-dd");
    expect((totals.getRow(7).values as unknown[]).slice(1)).toEqual([ru.stats.mode, ru.session.mode.online]);
    expect((totals.getRow(1).values as unknown[]).slice(1)).toEqual([ru.stats.exportItem, ru.stats.exportValue]);
  });
});

describe("the export of every registration", () => {
  it("holds one row per registration of the period in CSV and in the workbook, adding up to the dashboard", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const { loader: csvLoader } = await import("~/routes/admin.stats_.export[.csv]");
    const { loader: xlsxLoader } = await import("~/routes/admin.stats_.export[.xlsx]");
    const query = `institution=${INSTITUTION}&from=2021-01-01&to=2021-12-31`;
    const [ofPeriod] = await getDb()
      .select({ n: count() })
      .from(registrations)
      .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .innerJoin(programs, eq(programs.id, courses.programId))
      .innerJoin(institutions, eq(institutions.id, programs.institutionId))
      .where(
        and(
          eq(institutions.slug, INSTITUTION),
          ne(trainingSessions.status, "draft"),
          lt(trainingSessions.startsAt, new Date("2022-01-01T00:00:00+08:00")),
        ),
      );
    const expected = ofPeriod!.n;
    const totals = await statsTotals(getDb(), only({ from: "2021-01-01", to: "2021-12-31" }));

    const csv = await (await asOrganizer(csvLoader, `/admin/stats/export.csv?${query}&table=registrations`)).text();
    const lines = csv.trim().split("\r\n").slice(1);
    expect(lines).toHaveLength(expected);
    const attendedDays = lines.map((line) => Number(line.split(",").at(-1)));
    expect(attendedDays.reduce((sum, n) => sum + n, 0)).toBe(totals.attendanceDays);
    expect(lines.filter((line) => !line.endsWith(",0")).length).toBe(totals.participantTimes);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await asOrganizer(xlsxLoader, `/admin/stats/export.xlsx?${query}`)).arrayBuffer());
    const sheet = workbook.getWorksheet("Registrations");
    expect((sheet?.rowCount ?? 0) - 1).toBe(expected);
    // Its program column, and its attendance-days as numbers.
    expect(sheet?.getRow(1).getCell(6).value).toBe("Program");
    expect(typeof sheet?.getRow(2).getCell(6).value).toBe("string");
    expect(typeof sheet?.getRow(2).getCell(13).value).toBe("number");
    expect(sheet?.getRow(2).getCell(3).value).toBeInstanceOf(Date);
    expect(csv.split("\r\n")[0]?.split(",")[5]).toBe('"Program"');
  });
});

describe("the country × domain pivot", () => {
  it("splits each country's participant-times by domain and adds up to the by-country figures", async () => {
    const { computeStats } = await import("~/models/stats.server");
    const stats = await computeStats(getDb(), only({ from: "2021-01-01", to: "2021-12-31" }), "en");
    const brazil = stats.countryByDomain.find((row) => row.code === "BR");
    expect(brazil?.cells).toEqual({
      [await domainId("smart-industry")]: 2,
      [await domainId("macroeconomic-policy")]: 1,
    });
    for (const row of stats.countryByDomain)
      expect(row.total).toBe(
        stats.byCountry.filter((c) => c.code === row.code).reduce((n, c) => n + c.participantTimes, 0),
      );
  });
});

describe("participation and what is scheduled", () => {
  it("counts what has happened up to today; registrations for sessions to come are apart, as scheduled", async () => {
    const today = reportingToday();
    const all = await computeStats(getDb(), {}, "en");
    const upToToday = await computeStats(getDb(), { to: today }, "en");
    expect(all.totals).toEqual(upToToday.totals);
    expect(all.byMonth.every((month) => month.month <= today.slice(0, 7))).toBe(true);
    // Sessions whose Xiamen date is after today: those starting from tomorrow's midnight in Xiamen (UTC+8 all year).
    const tomorrowInXiamen = new Date(Date.parse(`${today}T00:00:00+08:00`) + 86_400_000);
    const [ahead] = await getDb()
      .select({
        sessions: countDistinct(trainingSessions.id),
        registrations: count(registrations.id),
        confirmed: count(sql`case when ${registrations.status} = 'confirmed' then 1 end`),
      })
      .from(trainingSessions)
      .leftJoin(
        registrations,
        and(eq(registrations.sessionId, trainingSessions.id), ne(registrations.status, "cancelled")),
      )
      .where(
        and(
          inArray(trainingSessions.status, ["published", "completed"]),
          gte(trainingSessions.startsAt, tomorrowInXiamen),
        ),
      );
    expect(all.scheduled).toEqual(ahead);
    // A period that ends before today has nothing scheduled; one starting later has no participation.
    expect((await computeStats(getDb(), { to: "2021-12-31" }, "en")).scheduled).toBeNull();
    expect((await computeStats(getDb(), { from: "2099-01-01" }, "en")).totals.participantTimes).toBe(0);
  });
});
