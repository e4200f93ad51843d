import { expect, test } from "@playwright/test";

// Server and browser format dates with different ICU builds; a mismatch would make React
// throw away the server's HTML. Every page type must hydrate without an error.
const PAGES = ["/", "/catalog", "/institutions/xiamen-university", "/sessions/1", "/sessions/9", "/courses/1"];

for (const locale of ["en-US", "zh-CN"]) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    for (const path of PAGES) {
      test(`${path} hydrates without errors`, async ({ page }) => {
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        page.on("console", (message) => {
          if (message.type() === "error") errors.push(message.text());
        });
        await page.goto(path);
        await page.waitForLoadState("networkidle");
        expect(errors).toEqual([]);
      });
    }
  });
}
