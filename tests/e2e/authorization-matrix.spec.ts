import { EMAIL, EVERYONE, missingRoutes, ROUTES, urlOf } from "../support/route-table";
import { cookieHeaderFor, expect, test } from "./fixtures";

test("every route module has a row in the route table", () => {
  expect(missingRoutes()).toEqual({ withoutRow: [], withoutModule: [] });
});

for (const who of EVERYONE) {
  test(`authorization matrix as ${who}`, async ({ playwright, baseURL }) => {
    const headers: Record<string, string> = { "Accept-Language": "en" };
    if (who !== "anonymous") headers.Cookie = await cookieHeaderFor(EMAIL[who], baseURL ?? "");
    const request = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers });
    const answers: string[] = [];
    for (const [route, rows] of Object.entries(ROUTES)) {
      for (const row of rows) {
        const { expected } = row;
        const url = await urlOf(row);
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
