import { and, asc, count, countDistinct, eq, lt, ne, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { searchSessions } from "~/models/catalog.server";
import { REPORTING_TIME_ZONE } from "~/models/stats-definitions";
import { localDate } from "~/utils/time-zone";
import {
  countries,
  countryGroupMemberships,
  countryGroups,
  courses,
  domains,
  institutions,
  programs,
  registrations,
  trainingSessions,
  users,
} from "../../db/schema";
import { FOUNDING_INSTITUTION_SLUGS } from "../../db/seed/reference-data";
import { SEEDED_BASE_SIZE } from "../support/paths";

// The seed catalog and the demo data as the app reads them, through its handle: on SQLite the
// seeded file, on PostgreSQL the same file copied there with db:copy (npm run test:postgres).
// The generator itself, which writes SQLite, is tested in seed-generator.test.ts.
const db = () => getDb();
const rowsIn = async (table: SQLiteTable, where?: SQL) =>
  (await db().select({ n: count() }).from(table).where(where))[0]?.n ?? 0;

describe("the seed catalog", () => {
  it("has the six domains named in English, Chinese, Russian and Portuguese", async () => {
    const names = (await db().select({ name: domains.name }).from(domains).orderBy(asc(domains.sortOrder))).map(
      (row) => row.name,
    );
    expect(names).toHaveLength(6);
    for (const name of names) expect(Object.keys(name).sort()).toEqual(["en", "pt-BR", "ru", "zh-CN"]);
    expect(names[0]?.["zh-CN"]).toBe("宏观经济政策解读");
  });

  it("has the five founding institutions under their slugs, and the organizer office", async () => {
    const slugs = (await db().select({ slug: institutions.slug }).from(institutions)).map((row) => row.slug);
    expect(slugs).toEqual(expect.arrayContaining([...FOUNDING_INSTITUTION_SLUGS, "xiamen-brics-office"]));
    expect(FOUNDING_INSTITUTION_SLUGS).toEqual([
      "xiamen-university",
      "huaqiao-university",
      "xiamen-technician-college",
      "xiamen-ocean-vocational-college",
      "xiamen-city-vocational-college",
    ]);
  });

  it("has 11 programs covering all six domains, with courses in English and Chinese", async () => {
    expect(await rowsIn(programs)).toBe(11);
    const [covered] = await db()
      .select({ n: countDistinct(programs.domainId) })
      .from(programs);
    expect(covered?.n).toBe(6);
    const titles = await db().select({ title: courses.title }).from(courses);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.filter(({ title }) => !title.en || !title["zh-CN"])).toEqual([]);
  });

  it("dates country group membership: Indonesia joined the members on 2025-01-06", async () => {
    const [membership] = await db()
      .select({ since: countryGroupMemberships.since })
      .from(countryGroupMemberships)
      .innerJoin(countryGroups, eq(countryGroups.id, countryGroupMemberships.groupId))
      .where(and(eq(countryGroups.slug, "brics-members"), eq(countryGroupMemberships.countryCode, "ID")));
    expect(membership?.since).toBe("2025-01-06");
    expect(await rowsIn(countries)).toBeGreaterThan(240);
  });

  it("holds the six 2021 trainings as completed sessions on their dates, with the Brazilian co-hosts", async () => {
    const rows = (
      await db()
        .select({ startsAt: trainingSessions.startsAt, mode: trainingSessions.mode, coHost: trainingSessions.coHost })
        .from(trainingSessions)
        .where(
          and(lt(trainingSessions.startsAt, new Date(Date.UTC(2022, 0, 1))), eq(trainingSessions.status, "completed")),
        )
        .orderBy(asc(trainingSessions.startsAt))
    ).map((row) => ({
      day: localDate(row.startsAt, REPORTING_TIME_ZONE),
      mode: row.mode,
      coHost: row.coHost?.en ?? null,
    }));
    const coHosted = rows.filter((row) => row.coHost !== null);
    expect(coHosted[0]).toEqual({ day: "2021-04-29", mode: "online", coHost: expect.stringContaining("Mato Grosso") });
    expect(rows.find((r) => r.day === "2021-05-25")?.mode).toBe("offline");
    expect(rows.find((r) => r.day === "2021-08-05")?.coHost).toBe("Embassy of Brazil in China");
  });

  it("offers upcoming sessions in every state a trainee can meet", async () => {
    const { sessions } = await searchSessions(getDb(), { locale: "en", limit: 500 });
    const kinds = sessions.map((s) => s.availability);
    expect(kinds.some((a) => a.kind === "open" && a.seatsLeft > 100)).toBe(true);
    expect(kinds.some((a) => a.kind === "open" && a.seatsLeft >= 1 && a.seatsLeft <= 5)).toBe(true);
    expect(kinds.some((a) => a.kind === "full" && a.waitlisted > 0)).toBe(true);
    expect(kinds.some((a) => a.kind === "not_yet_open")).toBe(true);
    expect(kinds.some((a) => a.kind === "closed")).toBe(true);
    expect(kinds.some((a) => a.kind === "cancelled")).toBe(true);
    expect(new Set(sessions.map((s) => s.mode))).toEqual(new Set(["online", "offline", "hybrid"]));
    expect(new Set(sessions.map((s) => s.timeZone)).size).toBeGreaterThanOrEqual(3);
  });
});

describe("the demo data", () => {
  it("holds exactly the registrations asked for", async () => {
    expect(await rowsIn(registrations)).toBe(SEEDED_BASE_SIZE.registrations);
    expect(await rowsIn(users, eq(users.role, "trainee"))).toBe(SEEDED_BASE_SIZE.trainees);
  });

  it("snapshots each trainee's country on the registration", async () => {
    const [row] = await db()
      .select({ n: count() })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(ne(registrations.countryCode, users.countryCode));
    expect(row?.n).toBe(0);
  });
});
