/**
 * One table of the app's routes: a row per route module in app/routes, with the URLs to try and
 * the status each kind of person gets. The authorization matrix checks every cell; the page lists
 * of the accessibility, hydration and valid-bytes tests are derived from it (`PAGE_TYPES`), so a
 * route added without a row fails `missingRoutes()` in each.
 *
 * Records are found by their stable codes, never by the seed's insertion order, and only when a
 * row's URL is asked for (`await urlOf(row)`, `await page.url()`): the database is read then.
 */
import fs from "node:fs";
import path from "node:path";
import { asc, eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { courses, registrations, trainingSessions, users } from "../../db/schema";

/** The demo accounts the tables sign in as. */
export const ACCOUNTS = {
  trainee: "trainee1@example.org",
  staffHuaqiao: "staff@huaqiao-university.example.org",
  staffXiamen: "staff@xiamen-university.example.org",
  organizer: "organizer@example.org",
} as const;

/** The first row's id, or 0 (an id no record has) when there is none. */
const idOf = async (query: Promise<{ id: number }[]>) => (await query)[0]?.id ?? 0;

/** A course, by its code. */
const courseIdOf = (code: string) =>
  idOf(getDb().select({ id: courses.id }).from(courses).where(eq(courses.code, code)).limit(1));
/** The first session of a course, by the course's code. */
const sessionIdOf = (code: string) =>
  idOf(
    getDb()
      .select({ id: trainingSessions.id })
      .from(trainingSessions)
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .where(eq(courses.code, code))
      .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id))
      .limit(1),
  );
/** The program a course belongs to, by the course's code. */
const programIdOf = (code: string) =>
  idOf(getDb().select({ id: courses.programId }).from(courses).where(eq(courses.code, code)).limit(1));

/** A place of the demo trainee (trainee1), for the calendar file rows. */
const traineePlace = () =>
  idOf(
    getDb()
      .select({ id: registrations.id })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(eq(users.email, ACCOUNTS.trainee))
      .orderBy(asc(registrations.id))
      .limit(1),
  );

// Xiamen University's (staffB's): course XMU-MP-101, the 2021 session of XMU-DE-101.
// Huaqiao University's (staffA's): course HQU-CC-101, the 2021 session of HQU-LAW-101.
const xmuSession = () => sessionIdOf("XMU-DE-101");
const hquSession = () => sessionIdOf("HQU-LAW-101");

export type Who = "anonymous" | "trainee" | "staffA" | "staffB" | "organizer";
export const EVERYONE: Who[] = ["anonymous", "trainee", "staffA", "staffB", "organizer"];
/** staffA works at Huaqiao University, staffB at Xiamen University. */
export const EMAIL: Record<Exclude<Who, "anonymous">, string> = {
  trainee: ACCOUNTS.trainee,
  staffA: ACCOUNTS.staffHuaqiao,
  staffB: ACCOUNTS.staffXiamen,
  organizer: ACCOUNTS.organizer,
};

export type Expected = Record<Who, number>;
const all = (status: number): Expected => ({
  anonymous: status,
  trainee: status,
  staffA: status,
  staffB: status,
  organizer: status,
});
const signedIn = (anonymous: number, others: number): Expected => ({ ...all(others), anonymous });
const CONSOLE_STAFF: Expected = { anonymous: 302, trainee: 403, staffA: 200, staffB: 200, organizer: 200 };
const CONSOLE_ADMIN: Expected = { anonymous: 302, trainee: 403, staffA: 403, staffB: 403, organizer: 200 };

export type RouteRow = {
  /** A fixed URL, or one built from records of the database (read when it is asked for). */
  url: string | (() => Promise<string>);
  expected: Expected;
  /** Also scan this row as these people (a view of the page that its first row does not show). */
  scanAs?: Who[];
};

export const ROUTES: Record<string, RouteRow[]> = {
  "$.tsx": [{ url: "/no/such/page", expected: all(404) }],
  "_index.tsx": [{ url: "/", expected: all(200) }],
  "admin._index.tsx": [{ url: "/admin", expected: CONSOLE_ADMIN }],
  "api.v1.$.ts": [{ url: "/api/v1/no-such-endpoint", expected: all(404) }],
  "api.v1.openapi[.json].ts": [{ url: "/api/v1/openapi.json", expected: all(200) }],
  "api.v1.sessions.ts": [
    { url: "/api/v1/sessions?mode=online", expected: all(200) },
    { url: "/api/v1/sessions?limit=5000", expected: all(400) },
  ],
  "api.v1.sessions.$sessionId.ts": [
    { url: async () => `/api/v1/sessions/${await sessionIdOf("BRICS-BIZ-101")}`, expected: all(200) },
    { url: "/api/v1/sessions/999999", expected: all(404) },
    { url: "/api/v1/sessions/abc", expected: all(404) },
  ],
  // The statistics API takes an organizer's API token, never a session cookie.
  "api.v1.stats.ts": [{ url: "/api/v1/stats?groupBy=country", expected: all(401) }],
  "admin.api-tokens.tsx": [{ url: "/admin/api-tokens", expected: CONSOLE_ADMIN }],
  "admin.institutions._index.tsx": [{ url: "/admin/institutions", expected: CONSOLE_ADMIN }],
  "admin.institutions.$slug.tsx": [
    { url: "/admin/institutions/huaqiao-university", expected: CONSOLE_ADMIN },
    { url: "/admin/institutions/no-such-college", expected: { ...CONSOLE_ADMIN, organizer: 404 } },
  ],
  "admin.domains.tsx": [{ url: "/admin/domains", expected: CONSOLE_ADMIN }],
  "admin.country-groups.tsx": [{ url: "/admin/country-groups", expected: CONSOLE_ADMIN }],
  "admin.invitations.tsx": [{ url: "/admin/invitations", expected: CONSOLE_ADMIN }],
  "admin.outbox.tsx": [{ url: "/admin/outbox", expected: CONSOLE_ADMIN }],
  "admin.stats.tsx": [
    { url: "/admin/stats?from=2021-01-01&to=2021-12-31", expected: CONSOLE_ADMIN },
    { url: "/admin/stats", expected: CONSOLE_ADMIN },
    { url: "/admin/stats?from=2021-01-01&to=2021-12-31&group=brics-members&mode=nonsense", expected: CONSOLE_ADMIN },
  ],
  // Statistics exports are for organizers only: trainees and staff get 403.
  "admin.stats_.export[.csv].ts": [{ url: "/admin/stats/export.csv?from=2021-01-01", expected: CONSOLE_ADMIN }],
  "admin.stats_.export[.xlsx].ts": [{ url: "/admin/stats/export.xlsx?from=2021-01-01", expected: CONSOLE_ADMIN }],
  "catalog.tsx": [
    { url: "/catalog?mode=online", expected: all(200) },
    { url: "/catalog?mode=online&page=2", expected: all(200), scanAs: ["anonymous"] },
  ],
  "check-in.tsx": [{ url: "/check-in?code=123456", expected: signedIn(302, 200) }],
  "courses.$courseId.tsx": [
    { url: async () => `/courses/${await courseIdOf("XMU-MP-101")}`, expected: all(200) },
    { url: "/courses/999999", expected: all(404) },
  ],
  "developers.tsx": [{ url: "/developers", expected: all(200), scanAs: ["anonymous"] }],
  "impact.tsx": [{ url: "/impact", expected: all(200) }],
  "forgot-password.tsx": [{ url: "/forgot-password", expected: all(200) }],
  "healthz.ts": [{ url: "/healthz", expected: all(200) }],
  "institutions.$slug.tsx": [
    { url: "/institutions/huaqiao-university", expected: all(200) },
    { url: "/institutions/no-such-college", expected: all(404) },
  ],
  "invitations.$token.tsx": [{ url: "/invitations/not-a-real-token", expected: all(410) }],
  "language.tsx": [{ url: "/language", expected: all(302) }],
  "login.tsx": [{ url: "/login", expected: signedIn(200, 302) }],
  "logout.tsx": [{ url: "/logout", expected: all(302) }],
  "manage._index.tsx": [
    { url: "/manage", expected: CONSOLE_STAFF },
    // Staff of one institution never reach another's console, whatever the URL says.
    { url: "/manage?institution=xiamen-university", expected: { ...CONSOLE_STAFF, staffA: 403 } },
    {
      url: "/manage?institution=huaqiao-university",
      expected: { ...CONSOLE_STAFF, staffB: 403 },
      scanAs: ["organizer"],
    },
    {
      url: "/manage?institution=no-such-college",
      expected: { ...CONSOLE_STAFF, staffA: 404, staffB: 404, organizer: 404 },
    },
  ],
  // Another institution's record is "not found".
  "manage.sessions.new.tsx": [{ url: "/manage/sessions/new", expected: CONSOLE_STAFF }],
  "manage.sessions.$sessionId.tsx": [
    { url: async () => `/manage/sessions/${await xmuSession()}`, expected: { ...CONSOLE_STAFF, staffA: 404 } },
    // Another institution's session: the not-found page in the console's chrome.
    {
      url: async () => `/manage/sessions/${await hquSession()}`,
      expected: { ...CONSOLE_STAFF, staffB: 404 },
      scanAs: ["staffB"],
    },
    { url: "/manage/sessions/999999", expected: { ...CONSOLE_STAFF, staffA: 404, staffB: 404, organizer: 404 } },
  ],
  "manage.sessions.$sessionId_.roster.tsx": [
    { url: async () => `/manage/sessions/${await xmuSession()}/roster`, expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: async () => `/manage/sessions/${await hquSession()}/roster`, expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  // Roster downloads hold personal data: the same rule as the roster.
  "manage.sessions.$sessionId_.roster[.csv].ts": [
    {
      url: async () => `/manage/sessions/${await xmuSession()}/roster.csv`,
      expected: { ...CONSOLE_STAFF, staffA: 404 },
    },
    {
      url: async () => `/manage/sessions/${await hquSession()}/roster.csv`,
      expected: { ...CONSOLE_STAFF, staffB: 404 },
    },
  ],
  "manage.sessions.$sessionId_.roster[.xlsx].ts": [
    {
      url: async () => `/manage/sessions/${await xmuSession()}/roster.xlsx`,
      expected: { ...CONSOLE_STAFF, staffA: 404 },
    },
    {
      url: async () => `/manage/sessions/${await hquSession()}/roster.xlsx`,
      expected: { ...CONSOLE_STAFF, staffB: 404 },
    },
  ],
  "manage.sessions.$sessionId_.check-in.tsx": [
    { url: async () => `/manage/sessions/${await xmuSession()}/check-in`, expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: async () => `/manage/sessions/${await hquSession()}/check-in`, expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  "manage.sessions.$sessionId_.attendance-import.tsx": [
    {
      url: async () => `/manage/sessions/${await xmuSession()}/attendance-import`,
      expected: { ...CONSOLE_STAFF, staffA: 404 },
    },
    {
      url: async () => `/manage/sessions/${await hquSession()}/attendance-import`,
      expected: { ...CONSOLE_STAFF, staffB: 404 },
    },
  ],
  "manage.sessions.$sessionId_.attendance-import_.$importId.tsx": [
    {
      url: async () => `/manage/sessions/${await xmuSession()}/attendance-import/999999`,
      expected: { ...CONSOLE_STAFF, staffA: 404, staffB: 404, organizer: 404 },
    },
  ],
  "manage.courses.new.tsx": [{ url: "/manage/courses/new", expected: CONSOLE_STAFF }],
  "manage.courses.$courseId.tsx": [
    {
      url: async () => `/manage/courses/${await courseIdOf("XMU-MP-101")}`,
      expected: { ...CONSOLE_STAFF, staffA: 404 },
    },
    {
      url: async () => `/manage/courses/${await courseIdOf("HQU-CC-101")}`,
      expected: { ...CONSOLE_STAFF, staffB: 404 },
    },
  ],
  "manage.programs.$programId.tsx": [
    {
      url: async () => `/manage/programs/${await programIdOf("XMU-MP-101")}`,
      expected: { ...CONSOLE_STAFF, staffA: 404 },
    },
    {
      url: async () => `/manage/programs/${await programIdOf("HQU-CC-101")}`,
      expected: { ...CONSOLE_STAFF, staffB: 404 },
    },
  ],
  "manage.programs.new.tsx": [
    // An organizer belongs to no institution, so must name one.
    { url: "/manage/programs/new", expected: { ...CONSOLE_STAFF, organizer: 404 } },
    { url: "/manage/programs/new?institution=huaqiao-university", expected: { ...CONSOLE_STAFF, staffB: 403 } },
    {
      url: "/manage/programs/new?institution=xiamen-university",
      expected: { ...CONSOLE_STAFF, staffA: 403 },
      scanAs: ["organizer"],
    },
  ],
  "me.data[.json].ts": [{ url: "/me/data.json", expected: signedIn(302, 200) }],
  "me.tsx": [{ url: "/me", expected: signedIn(302, 200) }],
  "me_.enrollments.tsx": [{ url: "/me/enrollments", expected: signedIn(302, 200) }],
  // Someone else's place is "not found", whoever asks.
  "me_.enrollments_.$registrationId.calendar[.ics].ts": [
    {
      url: async () => `/me/enrollments/${await traineePlace()}/calendar.ics`,
      expected: { anonymous: 302, trainee: 200, staffA: 404, staffB: 404, organizer: 404 },
    },
    { url: "/me/enrollments/999999/calendar.ics", expected: signedIn(302, 404) },
  ],
  // The feed is opened by its secret token only, never by a session cookie.
  "me_.calendar[.ics].ts": [
    { url: "/me/calendar.ics", expected: all(404) },
    { url: "/me/calendar.ics?token=not-a-real-token-at-all-but-long", expected: all(404) },
  ],
  "privacy.tsx": [{ url: "/privacy", expected: all(200) }],
  "reset-password.$token.tsx": [{ url: "/reset-password/not-a-real-token", expected: all(410) }],
  "sessions.$sessionId.tsx": [
    // Open for enrollment first (the page with the enrollment form), then a finished one.
    // As a trainee it carries the enrollment panel and its forms.
    { url: async () => `/sessions/${await sessionIdOf("XCVC-SC-202")}`, expected: all(200), scanAs: ["trainee"] },
    { url: async () => `/sessions/${await sessionIdOf("BRICS-BIZ-101")}`, expected: all(200), scanAs: ["anonymous"] },
    { url: "/sessions/999999", expected: all(404) },
  ],
  "signup.tsx": [{ url: "/signup", expected: signedIn(200, 302) }],
  "signup_.confirm.$token.tsx": [{ url: "/signup/confirm/not-a-real-token", expected: all(410) }],
};

/** Route modules without a row, and rows without a route module: both must be empty. */
export function missingRoutes(): { withoutRow: string[]; withoutModule: string[] } {
  const modules = fs
    .readdirSync(path.resolve("app/routes"))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes(".test."));
  return {
    withoutRow: modules.filter((route) => !(route in ROUTES)),
    withoutModule: Object.keys(ROUTES).filter((route) => !modules.includes(route)),
  };
}

/** The row's URL, reading the records it names from the database. */
export const urlOf = async (row: RouteRow): Promise<string> => (typeof row.url === "function" ? row.url() : row.url);

/** Who a page is shown to when it is scanned: the first of these who reaches it. */
const SCAN_ORDER: Who[] = ["anonymous", "trainee", "staffB", "staffA", "organizer"];

export type PageType = { route: string; url: () => Promise<string>; who: Who; status: number; variant: string };

/**
 * Each page type (a route module that renders a document) once: its first row that someone
 * reaches, as the first person in SCAN_ORDER who does; a route no one reaches (an expired link, a
 * record that the seed has none of) by its first row's error page, as the first person in
 * SCAN_ORDER who gets one. Then the other views that rows ask for (`scanAs`). Routes that only
 * redirect, and resource routes (.ts: files, feeds, the API), are not pages.
 */
export const PAGE_TYPES: PageType[] = Object.entries(ROUTES).flatMap(([route, rows]) => {
  if (!route.endsWith(".tsx")) return [];
  const page = (row: RouteRow, who: Who, variant = ""): PageType => ({
    route,
    url: () => urlOf(row),
    who,
    status: row.expected[who],
    variant,
  });
  const first = firstView(rows);
  const others = rows.flatMap((row, index) =>
    (row.scanAs ?? [])
      .filter((who) => !(first?.row === row && first.who === who))
      .map((who) => page(row, who, ` (row ${index + 1})`)),
  );
  return [...(first ? [page(first.row, first.who)] : []), ...others];
});

function firstView(rows: RouteRow[]): { row: RouteRow; who: Who } | null {
  for (const row of rows) for (const who of SCAN_ORDER) if (row.expected[who] === 200) return { row, who };
  const row = rows[0];
  const who = row && SCAN_ORDER.find((person) => row.expected[person] >= 400);
  return row && who ? { row, who } : null;
}
