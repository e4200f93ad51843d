import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { ACCOUNTS, cookieHeaderFor, expect, test } from "./fixtures";

/** Course ids depend on the seed's order; look them up by their stable codes. */
const courseIdOf = (code: string) =>
  getDb().get<{ id: number }>(sql`select id from courses where code = ${code}`)?.id ?? 0;

/** A place of the demo trainee (trainee1), for the calendar file rows. */
const traineePlace = () =>
  getDb().get<{ id: number }>(
    sql`select r.id from registrations r join users u on u.id = r.user_id where u.email = ${ACCOUNTS.trainee} limit 1`,
  )?.id ?? 0;

type Who = "anonymous" | "trainee" | "staffA" | "staffB" | "organizer";
const EVERYONE: Who[] = ["anonymous", "trainee", "staffA", "staffB", "organizer"];
/** staffA works at Huaqiao University, staffB at Xiamen University. */
const EMAIL: Record<Exclude<Who, "anonymous">, string> = {
  trainee: ACCOUNTS.trainee,
  staffA: ACCOUNTS.staffHuaqiao,
  staffB: ACCOUNTS.staffXiamen,
  organizer: ACCOUNTS.organizer,
};

type Expected = Record<Who, number>;
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

/**
 * One row per route module in app/routes: the URLs to try and what each kind of person gets.
 * A route added without a row fails the first test below.
 */
const MATRIX: Record<string, { url: string | (() => string); expected: Expected }[]> = {
  "$.tsx": [{ url: "/no/such/page", expected: all(404) }],
  "_index.tsx": [{ url: "/", expected: all(200) }],
  "admin._index.tsx": [{ url: "/admin", expected: CONSOLE_ADMIN }],
  "api.v1.sessions.ts": [
    { url: "/api/v1/sessions?mode=online", expected: all(200) },
    { url: "/api/v1/sessions?limit=5000", expected: all(400) },
  ],
  "api.v1.sessions.$sessionId.ts": [
    { url: "/api/v1/sessions/1", expected: all(200) },
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
    { url: "/admin/stats", expected: CONSOLE_ADMIN },
    { url: "/admin/stats?from=2021-01-01&to=2021-12-31&group=brics-members&mode=nonsense", expected: CONSOLE_ADMIN },
  ],
  // Statistics exports are for organizers only: trainees and staff get 403.
  "admin.stats_.export[.csv].ts": [{ url: "/admin/stats/export.csv?from=2021-01-01", expected: CONSOLE_ADMIN }],
  "admin.stats_.export[.xlsx].ts": [{ url: "/admin/stats/export.xlsx?from=2021-01-01", expected: CONSOLE_ADMIN }],
  "catalog.tsx": [{ url: "/catalog?mode=online", expected: all(200) }],
  "check-in.tsx": [{ url: "/check-in?code=123456", expected: signedIn(302, 200) }],
  "courses.$courseId.tsx": [
    { url: "/courses/1", expected: all(200) },
    { url: "/courses/999999", expected: all(404) },
  ],
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
    { url: "/manage?institution=huaqiao-university", expected: { ...CONSOLE_STAFF, staffB: 403 } },
    {
      url: "/manage?institution=no-such-college",
      expected: { ...CONSOLE_STAFF, staffA: 404, staffB: 404, organizer: 404 },
    },
  ],
  // 2021 trainings: session 4 is Xiamen University's, session 5 Huaqiao's; course 1 is Xiamen
  // University's, course 11 Huaqiao's. Another institution's record is "not found".
  "manage.sessions.new.tsx": [{ url: "/manage/sessions/new", expected: CONSOLE_STAFF }],
  "manage.sessions.$sessionId.tsx": [
    { url: "/manage/sessions/4", expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: "/manage/sessions/5", expected: { ...CONSOLE_STAFF, staffB: 404 } },
    { url: "/manage/sessions/999999", expected: { ...CONSOLE_STAFF, staffA: 404, staffB: 404, organizer: 404 } },
  ],
  "manage.sessions.$sessionId_.roster.tsx": [
    { url: "/manage/sessions/4/roster", expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: "/manage/sessions/5/roster", expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  // Roster downloads hold personal data: the same rule as the roster.
  "manage.sessions.$sessionId_.roster[.csv].ts": [
    { url: "/manage/sessions/4/roster.csv", expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: "/manage/sessions/5/roster.csv", expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  "manage.sessions.$sessionId_.roster[.xlsx].ts": [
    { url: "/manage/sessions/4/roster.xlsx", expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: "/manage/sessions/5/roster.xlsx", expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  "manage.sessions.$sessionId_.check-in.tsx": [
    { url: "/manage/sessions/4/check-in", expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: "/manage/sessions/5/check-in", expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  "manage.sessions.$sessionId_.attendance-import.tsx": [
    { url: "/manage/sessions/4/attendance-import", expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: "/manage/sessions/5/attendance-import", expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  "manage.sessions.$sessionId_.attendance-import_.$importId.tsx": [
    {
      url: "/manage/sessions/4/attendance-import/999999",
      expected: { ...CONSOLE_STAFF, staffA: 404, staffB: 404, organizer: 404 },
    },
  ],
  "manage.courses.new.tsx": [{ url: "/manage/courses/new", expected: CONSOLE_STAFF }],
  "manage.courses.$courseId.tsx": [
    { url: () => `/manage/courses/${courseIdOf("XMU-MP-101")}`, expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: () => `/manage/courses/${courseIdOf("HQU-CC-101")}`, expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  "manage.programs.$programId.tsx": [
    { url: "/manage/programs/1", expected: { ...CONSOLE_STAFF, staffA: 404 } },
    { url: "/manage/programs/3", expected: { ...CONSOLE_STAFF, staffB: 404 } },
  ],
  "manage.programs.new.tsx": [
    // An organizer belongs to no institution, so must name one.
    { url: "/manage/programs/new", expected: { ...CONSOLE_STAFF, organizer: 404 } },
    { url: "/manage/programs/new?institution=huaqiao-university", expected: { ...CONSOLE_STAFF, staffB: 403 } },
  ],
  "me.data[.json].ts": [{ url: "/me/data.json", expected: signedIn(302, 200) }],
  "me.tsx": [{ url: "/me", expected: signedIn(302, 200) }],
  "me_.enrollments.tsx": [{ url: "/me/enrollments", expected: signedIn(302, 200) }],
  // Someone else's place is "not found", whoever asks.
  "me_.enrollments_.$registrationId.calendar[.ics].ts": [
    {
      url: () => `/me/enrollments/${traineePlace()}/calendar.ics`,
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
    { url: "/sessions/1", expected: all(200) },
    { url: "/sessions/999999", expected: all(404) },
  ],
  "signup.tsx": [{ url: "/signup", expected: signedIn(200, 302) }],
};

test("every route module has a row in the authorization matrix", () => {
  const routes = fs
    .readdirSync(path.resolve("app/routes"))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !f.includes(".test."));
  expect(routes.filter((route) => !(route in MATRIX))).toEqual([]);
  expect(Object.keys(MATRIX).filter((route) => !routes.includes(route))).toEqual([]);
});

for (const who of EVERYONE) {
  test(`authorization matrix as ${who}`, async ({ playwright, baseURL }) => {
    const headers: Record<string, string> = { "Accept-Language": "en" };
    if (who !== "anonymous") headers.Cookie = await cookieHeaderFor(EMAIL[who], baseURL ?? "");
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers });
    const answers: string[] = [];
    for (const [route, rows] of Object.entries(MATRIX)) {
      for (const { url: target, expected } of rows) {
        const url = typeof target === "function" ? target() : target;
        const response = await request.get(url, { maxRedirects: 0 });
        const line = `${route} ${url} → ${response.status()} (expected ${expected[who]})`;
        answers.push(response.status() === expected[who] ? line : `MISMATCH ${line}`);
        if (
          response.status() === 302 &&
          expected[who] === 302 &&
          who === "anonymous" &&
          /^\/(me|manage|admin)/.test(url)
        ) {
          expect(response.headers().location, url).toMatch(/^\/login\?redirectTo=/);
        }
      }
    }
    await request.dispose();
    expect(
      answers.filter((line) => line.includes("MISMATCH")),
      answers.join("\n"),
    ).toEqual([]);
  });
}
