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
        const path = await pageType.url();
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

/**
 * At 360 px, in every language: no page scrolls sideways, and every block that scrolls (a wide
 * table) can be reached with the keyboard, checked both by axe's rule and directly: every element
 * whose content overflows a scrolling box is focusable. The statistics page is also tried with the
 * filters that make its tables widest (every country, by month).
 */
const PHONE_EXTRA_URLS: Partial<Record<Who, string[]>> = {
  organizer: ["/admin/stats?groupBy=month&from=2016-01-01", "/admin/stats?from=2016-01-01&to=2030-12-31"],
};

for (const locale of ["en", "zh-CN", "ru", "pt-BR"]) {
  for (const { who, pages } of ROLES) {
    test(`every page type fits a 360-px phone and its wide tables scroll by keyboard, those reached as ${who}, in ${locale}`, async ({
      browser,
      baseURL,
    }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext({ locale, viewport: { width: 360, height: 740 } });
      const email = emailOf(who);
      if (email) await signInContext(context, email, baseURL ?? "");
      const page = await context.newPage();
      const problems: string[] = [];
      const paths = [...(await Promise.all(pages.map((pageType) => pageType.url()))), ...(PHONE_EXTRA_URLS[who] ?? [])];
      for (const path of paths) {
        await page.goto(path);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 360) problems.push(`${path}: the page is ${width}px wide`);
        const unreachable = await page.evaluate(() =>
          [...document.querySelectorAll<HTMLElement>("body *")]
            .filter((element) => {
              const style = getComputedStyle(element);
              const scrolls = /auto|scroll/.test(style.overflowX + style.overflowY);
              const overflows =
                element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1;
              return (
                scrolls &&
                overflows &&
                element.tabIndex < 0 &&
                !element.querySelector("a, button, input, select, textarea")
              );
            })
            .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
        );
        for (const element of unreachable) problems.push(`${path}: ${element} scrolls but cannot take the focus`);
        const { violations } = await new AxeBuilder({ page }).withRules(["scrollable-region-focusable"]).analyze();
        for (const violation of violations)
          problems.push(
            `${path}: ${violation.id} — ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`,
          );
      }
      await context.close();
      expect(problems).toEqual([]);
    });
  }
}

test("a wide table scrolls sideways with the arrow keys on a phone", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: "ru", viewport: { width: 360, height: 740 } });
  await signInContext(context, EMAIL.organizer, baseURL ?? "");
  const page = await context.newPage();
  await page.goto("/admin/stats?groupBy=month&from=2016-01-01");
  const region = page.locator('div[role="region"][aria-label="Человеко-посещения по странам и направлениям"]');
  // Reached with the Tab key alone, as someone without a mouse reaches it.
  for (
    let presses = 0;
    presses < 300 && !(await region.evaluate((element) => element === document.activeElement));
    presses++
  )
    await page.keyboard.press("Tab");
  await expect(region).toBeFocused();
  const before = await region.evaluate((element) => element.scrollLeft);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((element) => element.scrollLeft)).toBeGreaterThan(before);
  await context.close();
});

test("every route module has a row in the route table", () => {
  expect(missingRoutes()).toEqual({ withoutRow: [], withoutModule: [] });
});
