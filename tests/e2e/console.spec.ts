import { getDb } from "~/utils/db.server";
import { count, eq } from "drizzle-orm";
import { trainingSessions } from "../../db/schema";
import { ACCOUNTS, cookieHeaderFor, expect, settle, test } from "./fixtures";

test.use({ locale: "en-US" });

/** A date a month ahead, as the datetime-local inputs want it. */
function inAMonth(hour: string): string {
  const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  return `${day}T${hour}`;
}

test("Xiamen University publishes a new session that a trainee in São Paulo finds in two languages, in her own time; Huaqiao cannot touch it", async ({
  page,
  signIn,
  browser,
  baseURL,
  playwright,
}) => {
  const stamp = Date.now().toString(36);
  await signIn(ACCOUNTS.staffXiamen);
  await page.goto("/manage");
  await settle(page);

  await page.getByRole("link", { name: "New program" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New program");
  await page.getByLabel("Domain").selectOption("smart-industry");
  await page.getByLabel("Title (English)").fill(`Blockchain for trade finance ${stamp}`);
  await page.getByLabel("Title (Chinese)").fill(`区块链贸易金融 ${stamp}`);
  await page.getByRole("button", { name: "Create" }).click();

  await expect(page).toHaveURL(/\/manage\/courses\/new\?program=\d+/);
  await page.getByLabel("Course code").fill(`XMU-BC-${stamp}`.toUpperCase().slice(0, 30));
  await page.getByLabel("Title (English)").fill(`Smart contracts in letters of credit ${stamp}`);
  await page.getByLabel("Title (Chinese)").fill(`信用证中的智能合约 ${stamp}`);
  await page.getByLabel("Hours").fill("12");
  await page.getByLabel("Level").selectOption("intermediate");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Status: Draft")).toBeVisible();
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page.getByText("Status: Published")).toBeVisible();

  await page.getByRole("link", { name: "New training session" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("New training session");
  await page.getByLabel("Mode").selectOption("online");
  await page.getByLabel("Time zone the session is held in").fill("Asia/Shanghai");
  await page.getByLabel("Starts (local time)").fill(inAMonth("15:00"));
  await page.getByLabel("Ends (local time)").fill(inAMonth("17:00"));
  await page
    .getByLabel("Enrollment opens (local time)")
    .fill(inAMonth("00:00").replace(/^\d{4}-\d{2}-\d{2}/, new Date().toISOString().slice(0, 10)));
  await page.getByLabel("Enrollment closes (local time)").fill(inAMonth("12:00"));
  await page.getByLabel("Capacity (seats)").fill("80");
  await page.getByLabel("Joining link (shown to confirmed trainees only)").fill("https://meeting.example.org/xmu-bc");
  await page.getByRole("button", { name: "Publish" }).click();
  await expect(page).toHaveURL(/\/manage\/sessions\/\d+\?saved=1/);
  await expect(page.getByText("Status: Open")).toBeVisible();
  const sessionId = Number(/sessions\/(\d+)/.exec(page.url())?.[1]);

  // A trainee in São Paulo finds it by a Chinese word and by an English word.
  const trainee = await browser.newContext({ locale: "en-US", timezoneId: "America/Sao_Paulo" });
  const traineePage = await trainee.newPage();
  for (const q of [`智能合约 ${stamp}`, `letters of credit ${stamp}`]) {
    await traineePage.goto(`/catalog?q=${encodeURIComponent(q)}`);
    const card = traineePage.locator(".session-card", { hasText: stamp });
    await expect(card).toHaveCount(1);
    await expect(card.locator(".viewer-time")).toContainText("America/Sao_Paulo");
    await expect(card.locator(".viewer-time")).toContainText("4:00");
    const localDay = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString("en-US", {
      month: "short",
      day: "numeric",
    });
    await expect(card.locator(".viewer-time")).toContainText(localDay);
  }
  await trainee.close();

  // Huaqiao's staff: the edit page is not found, and a post to it changes nothing.
  /** What a post from another institution could change: the seats, the status, the start. */
  const editable = async () => {
    const [row] = await getDb()
      .select({
        capacity: trainingSessions.capacity,
        status: trainingSessions.status,
        startsAt: trainingSessions.startsAt,
      })
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    return row;
  };
  const before = await editable();
  const huaqiao = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { Cookie: await cookieHeaderFor(ACCOUNTS.staffHuaqiao, baseURL ?? "") },
  });
  expect((await huaqiao.get(`/manage/sessions/${sessionId}`)).status()).toBe(404);
  const posts: Record<string, string>[] = [
    { intent: "cancel", reason: "Not ours to cancel" },
    { intent: "save", capacity: "1" },
    { intent: "duplicate" },
  ];
  for (const form of posts) {
    const response = await huaqiao.post(`/manage/sessions/${sessionId}`, { form, maxRedirects: 0 });
    expect([403, 404, 400]).toContain(response.status());
  }
  await huaqiao.dispose();
  const after = await editable();
  expect(after).toEqual(before);
  // No duplicate was made: the session is still the only one of its course.
  const [session] = await getDb()
    .select({ courseId: trainingSessions.courseId })
    .from(trainingSessions)
    .where(eq(trainingSessions.id, sessionId));
  const [sameCourse] = await getDb()
    .select({ n: count() })
    .from(trainingSessions)
    .where(eq(trainingSessions.courseId, session?.courseId ?? -1));
  expect(sameCourse?.n).toBe(1);
});

test("the session editor shows the rule broken, in the user's language, and saves nothing", async ({
  page,
  signIn,
}) => {
  await signIn(ACCOUNTS.staffXiamen);
  await page.goto("/manage/sessions/4");
  await settle(page);
  await page.getByLabel("Ends (local time)").fill("2021-09-03T13:00");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The end must be after the start.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Ends (local time)")).toHaveValue("2021-09-03T17:30");
});
