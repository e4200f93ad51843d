import AxeBuilder from "@axe-core/playwright";
import { ACCOUNTS, expect, signInContext, test } from "./fixtures";

/**
 * WCAG 2.1 AA, checked by axe-core on every page type, as each kind of person, in each of the
 * four languages. A failure lists each rule broken with the elements that break it.
 */
const PUBLIC = [
  "/",
  "/catalog",
  "/catalog?mode=online&page=2",
  "/courses/1",
  "/sessions/1",
  "/institutions/xiamen-university",
  "/impact",
  "/privacy",
  "/no/such/page",
];
const ANONYMOUS = ["/login", "/signup", "/forgot-password"];
const TRAINEE = ["/me", "/me/enrollments", "/check-in"];
// Session 4 and course 1 belong to Xiamen University, whose staff these are.
const STAFF = [
  "/manage",
  "/manage/sessions/4",
  "/manage/sessions/4/roster",
  "/manage/sessions/4/check-in",
  "/manage/sessions/4/attendance-import",
  "/manage/sessions/new",
  "/manage/courses/1",
  "/manage/courses/new",
  "/manage/programs/1",
  "/me",
  "/manage/sessions/5",
];
const ORGANIZER = [
  "/admin",
  "/admin/institutions",
  "/admin/institutions/huaqiao-university",
  "/admin/domains",
  "/admin/country-groups",
  "/admin/invitations",
  "/admin/outbox",
  "/admin/stats?from=2021-01-01&to=2021-12-31",
  "/admin/api-tokens",
  "/manage?institution=huaqiao-university",
  "/manage/programs/new?institution=xiamen-university",
];

// Staff and organizers see the public pages with the same header as on their console pages,
// which are checked: the home page stands for the rest, to keep the suite's time in bounds.
const ROLES = {
  anonymous: { email: null, pages: [...PUBLIC, ...ANONYMOUS] },
  trainee: { email: ACCOUNTS.trainee, pages: [...PUBLIC, ...TRAINEE] },
  staff: { email: ACCOUNTS.staffXiamen, pages: ["/", ...STAFF] },
  organizer: { email: ACCOUNTS.organizer, pages: ["/", ...ORGANIZER] },
} as const;

for (const locale of ["en", "zh-CN", "ru", "pt-BR"]) {
  for (const [role, { email, pages }] of Object.entries(ROLES)) {
    test(`every page passes axe (WCAG 2.1 AA) as ${role}, in ${locale}`, async ({ browser, baseURL }) => {
      test.setTimeout(120_000);
      const context = await browser.newContext({ locale });
      if (email) await signInContext(context, email, baseURL ?? "");
      const page = await context.newPage();
      const problems: string[] = [];
      for (const path of pages) {
        await page.goto(path);
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

for (const [role, { email, pages }] of Object.entries(ROLES)) {
  test(`every page fits a 360-px phone without scrolling sideways, as ${role}`, async ({ browser, baseURL }) => {
    test.setTimeout(90_000);
    const context = await browser.newContext({ locale: "ru", viewport: { width: 360, height: 740 } });
    if (email) await signInContext(context, email, baseURL ?? "");
    const page = await context.newPage();
    const wide: string[] = [];
    for (const path of [...pages, ...(role === "staff" ? ["/manage/sessions/4/check-in"] : [])]) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) wide.push(`${path}: ${width}px`);
    }
    await context.close();
    expect(wide).toEqual([]);
  });
}
