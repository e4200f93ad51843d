import { EMAIL, PAGE_TYPES } from "../support/route-table";
import { expect, test } from "./fixtures";

// Server and browser format dates with different ICU builds; a mismatch would make React
// throw away the server's HTML. Every page type (from the route table) must hydrate without an
// error, as a person who reaches it.
for (const locale of ["en-US", "zh-CN"]) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    for (const pageType of PAGE_TYPES) {
      test(`${pageType.route} as ${pageType.who} hydrates without errors`, async ({ page, signIn }) => {
        if (pageType.who !== "anonymous") await signIn(EMAIL[pageType.who]);
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        page.on("console", (message) => {
          // The browser reports the document's own error status (a 403, 404 or 410 page) as a console error.
          const ownStatus = `status of ${pageType.status} `;
          if (message.type() === "error" && !(pageType.status >= 400 && message.text().includes(ownStatus)))
            errors.push(message.text());
        });
        const response = await page.goto(pageType.url());
        expect(response?.status()).toBe(pageType.status);
        await page.waitForLoadState("networkidle");
        expect(errors).toEqual([]);
      });
    }
  });
}
