import { ACCOUNTS, expect, test } from "./fixtures";

// Server and browser format dates with different ICU builds; a mismatch would make React
// throw away the server's HTML. Every page type must hydrate without an error.
const PUBLIC_PAGES = [
  "/",
  "/catalog",
  "/institutions/xiamen-university",
  "/sessions/1",
  "/sessions/9",
  "/courses/1",
  "/login",
  "/signup",
  "/forgot-password",
  "/privacy",
  "/impact",
];
const ORGANIZER_PAGES = [
  "/admin/institutions",
  "/admin/institutions/huaqiao-university",
  "/admin/domains",
  "/admin/country-groups",
  "/manage/sessions/4",
  "/manage/sessions/4/roster",
  "/manage/sessions/4/check-in",
  "/manage/sessions/4/attendance-import",
  "/manage/sessions/new",
  "/manage/courses/1",
  "/manage/courses/new",
  "/manage/programs/new?institution=xiamen-university",
  "/me",
  "/manage",
  "/manage?institution=huaqiao-university",
  "/admin",
  "/admin/invitations",
  "/admin/outbox",
  "/admin/api-tokens",
  "/admin/stats?from=2021-01-01&to=2021-12-31",
];

const TRAINEE_PAGES = ["/me/enrollments", "/sessions/1", "/check-in"];

for (const locale of ["en-US", "zh-CN"]) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    for (const [path, account] of [
      ...PUBLIC_PAGES.map((p) => [p, null] as const),
      ...ORGANIZER_PAGES.map((p) => [p, ACCOUNTS.organizer] as const),
      ...TRAINEE_PAGES.map((p) => [p, ACCOUNTS.trainee] as const),
    ]) {
      test(`${path}${account ? ` (${account})` : ""} hydrates without errors`, async ({ page, signIn }) => {
        if (account) await signIn(account);
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        page.on("console", (message) => {
          if (message.type() === "error") errors.push(message.text());
        });
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        await page.waitForLoadState("networkidle");
        expect(errors).toEqual([]);
      });
    }
  });
}
