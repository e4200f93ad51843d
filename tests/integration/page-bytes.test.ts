/**
 * Every page type, in each of the four languages, from the real server: the body is valid UTF-8
 * and holds no NUL byte. React 18's streaming renderer flushed its whole 2,048-byte buffer when
 * a multi-byte character straddled its end, sending NUL bytes inside Russian and Chinese text
 * (facebook/react#26228); this is the check that caught it. Text files (CSV, calendars, JSON)
 * are checked the same way. Needs `npm run build` first.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { getDb } from "~/utils/db.server";
import { cookiesFor, startServer, type RunningServer } from "../support/race";
import { EMAIL, EVERYONE, PAGE_TYPES, ROUTES, urlOf, type Who } from "../support/route-table";

/** Text resources: every row of a resource route that someone reaches, except the XLSX files. */
const TEXT_RESOURCES = Object.entries(ROUTES).flatMap(([route, rows]) =>
  route.endsWith(".ts") && !route.includes("xlsx")
    ? rows.flatMap((row) => {
        const who = EVERYONE.find((person) => row.expected[person] === 200);
        return who ? [{ route, url: () => urlOf(row), who, status: 200 }] : [];
      })
    : [],
);

describe("valid bytes in every language", () => {
  let server: RunningServer;
  const cookies = new Map<Who, string>();

  beforeAll(async () => {
    server = await startServer({ databasePath: process.env.DATABASE_PATH ?? "", workers: 1 });
    for (const who of EVERYONE) {
      if (who === "anonymous") continue;
      const id = getDb().get<{ id: number }>(sql`select id from users where email = ${EMAIL[who]}`)?.id;
      if (!id) throw new Error(`No demo account ${EMAIL[who]}`);
      cookies.set(who, (await cookiesFor([id]))[0] ?? "");
    }
  }, 90_000);
  afterAll(() => server?.stop());

  it("checks every route module that renders a document (all but the two that only redirect)", () => {
    const documents = Object.keys(ROUTES).filter((route) => route.endsWith(".tsx"));
    const pages = new Set(PAGE_TYPES.map((page) => page.route));
    expect(documents.filter((route) => !pages.has(route))).toEqual(["language.tsx", "logout.tsx"]);
    expect(TEXT_RESOURCES.map((resource) => resource.route)).toEqual(
      expect.arrayContaining(["me_.enrollments_.$registrationId.calendar[.ics].ts", "admin.stats_.export[.csv].ts"]),
    );
  });

  for (const locale of SUPPORTED_LOCALES) {
    it(`every page type and text file is valid UTF-8 without NUL bytes, in ${locale}`, async () => {
      const problems: string[] = [];
      for (const target of [...PAGE_TYPES, ...TEXT_RESOURCES]) {
        const url = target.url();
        const cookie = cookies.get(target.who);
        const response = await fetch(`${server.url}${url}`, {
          headers: { "Accept-Language": locale, ...(cookie ? { Cookie: cookie } : {}) },
          redirect: "manual",
        });
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (response.status !== target.status) problems.push(`${url}: status ${response.status}`);
        if (bytes.length === 0) problems.push(`${url}: empty body`);
        const nul = bytes.indexOf(0);
        if (nul >= 0) problems.push(`${url}: NUL byte at ${nul} of ${bytes.length}`);
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(bytes);
        } catch {
          problems.push(`${url}: not valid UTF-8`);
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
