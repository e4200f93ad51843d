import AxeBuilder from "@axe-core/playwright";
import { EMAIL, missingRoutes, PAGE_TYPES, type Who } from "../support/route-table";
import { expect, signInContext, test } from "./fixtures";

/**
 * WCAG 2.1 AA, checked by axe-core on every page type (PAGE_TYPES, from the route table) in each
 * of the four languages, each page once, as a person who reaches it: the console's chrome is the
 * same on every console page, so scanning each page as every role would only repeat the scans.
 * A failure lists each rule broken with the elements that break it.
 */
const ROLES = (["anonymous", "trainee", "staffB", "staffA", "organizer"] as Who[])
  .map((who) => ({ who, pages: PAGE_TYPES.filter((page) => page.who === who) }))
  .filter(({ pages }) => pages.length > 0);

const emailOf = (who: Who) => (who === "anonymous" ? null : EMAIL[who]);

for (const locale of ["en", "zh-CN", "ru", "pt-BR"]) {
  for (const { who, pages } of ROLES) {
    test(`every page type passes axe (WCAG 2.1 AA), those reached as ${who}, in ${locale}`, async ({
      browser,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext({ locale });
      const email = emailOf(who);
      if (email) await signInContext(context, email, baseURL ?? "");
      const page = await context.newPage();
      const problems: string[] = [];
      for (const pageType of pages) {
        const path = pageType.url();
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(pageType.status);
        await expect(page.locator("html")).toHaveAttribute("lang", locale);
        const { violations } = await new AxeBuilder({ page })
          .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
          // Only violations are reported in full: listing every pass is most of axe's time.
          .options({ resultTypes: ["violations"] })
          .analyze();
        for (const violation of violations)
          problems.push(
            `${path}: ${violation.id} (${violation.impact}) ${violation.help} — ${violation.nodes
              .slice(0, 3)
              .map((node) => node.target.join(" "))
              .join(" | ")}`,
          );
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }
}

for (const { who, pages } of ROLES) {
  test(`every page type fits a 360-px phone without scrolling sideways, those reached as ${who}`, async ({
    browser,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ locale: "ru", viewport: { width: 360, height: 740 } });
    const email = emailOf(who);
    if (email) await signInContext(context, email, baseURL ?? "");
    const page = await context.newPage();
    const wide: string[] = [];
    for (const pageType of pages) {
      const path = pageType.url();
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) wide.push(`${path}: ${width}px`);
    }
    await context.close();
    expect(wide).toEqual([]);
  });
}

test("every route module has a row in the route table", () => {
  expect(missingRoutes()).toEqual({ withoutRow: [], withoutModule: [] });
});
