/**
 * Every page type, in each of the four languages, as the real server sends it: the body is valid
 * UTF-8 and holds no NUL byte. React 18's streaming renderer flushed its whole 2,048-byte buffer
 * when a multi-byte character straddled its end, sending NUL bytes inside Russian and Chinese
 * text (facebook/react#26228); this is the check that caught it. Text files (CSV, calendars, JSON)
 * are checked the same way.
 */
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { EMAIL, EVERYONE, PAGE_TYPES, ROUTES, urlOf } from "../support/route-table";
import { cookieHeaderFor, expect, test } from "./fixtures";

/** Text resources: every row of a resource route that someone reaches, except the XLSX files. */
const TEXT_RESOURCES = Object.entries(ROUTES).flatMap(([route, rows]) =>
  route.endsWith(".ts") && !route.includes("xlsx")
    ? rows.flatMap((row) => {
        const who = EVERYONE.find((person) => row.expected[person] === 200);
        return who ? [{ route, url: () => urlOf(row), who, status: 200 }] : [];
      })
    : [],
);

test("the byte check covers every route module that renders a document (all but the two that only redirect)", () => {
  const documents = Object.keys(ROUTES).filter((route) => route.endsWith(".tsx"));
  const pages = new Set(PAGE_TYPES.map((page) => page.route));
  expect(documents.filter((route) => !pages.has(route))).toEqual(["language.tsx", "logout.tsx"]);
  expect(TEXT_RESOURCES.map((resource) => resource.route)).toEqual(
    expect.arrayContaining(["me_.enrollments_.$registrationId.calendar[.ics].ts", "admin.stats_.export[.csv].ts"]),
  );
});

for (const locale of SUPPORTED_LOCALES) {
  test(`every page type and text file is valid UTF-8 without NUL bytes, in ${locale}`, async ({
    playwright,
    baseURL,
  }) => {
    const request = await playwright.request.newContext({ baseURL });
    const problems: string[] = [];
    for (const target of [...PAGE_TYPES, ...TEXT_RESOURCES]) {
      const url = await target.url();
      const headers: Record<string, string> = { "Accept-Language": locale };
      if (target.who !== "anonymous") headers.Cookie = await cookieHeaderFor(EMAIL[target.who], baseURL ?? "");
      const response = await request.get(url, { headers, maxRedirects: 0 });
      const bytes = await response.body();
      if (response.status() !== target.status) problems.push(`${url}: status ${response.status()}`);
      if (bytes.length === 0) problems.push(`${url}: empty body`);
      const nul = bytes.indexOf(0);
      if (nul >= 0) problems.push(`${url}: NUL byte at ${nul} of ${bytes.length}`);
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        problems.push(`${url}: not valid UTF-8`);
      }
    }
    await request.dispose();
    expect(problems).toEqual([]);
  });
}
