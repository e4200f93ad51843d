import ICAL from "ical.js";
import { and, eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { registrations, trainingSessions, users } from "../../db/schema";
import { createTestSession, createTrainees } from "../support/enrollment";
import { ACCOUNTS, expect, settle, signInContext, test } from "./fixtures";

// Sessions made here belong to a college no other test searches for ("university", hybrid,
// offline), so the catalog comparisons running beside these tests see the same list twice.
const INSTITUTION = "xiamen-technician-college";
const STAFF = `staff@${INSTITUTION}.example.org`;
const emailOf = async (id: number) => {
  const [user] = await getDb().select({ email: users.email }).from(users).where(eq(users.id, id));
  if (!user) throw new Error(`No user ${id}`);
  return user.email;
};

test("the last seat, the waitlist, a cancellation and the promotion that follows", async ({ browser, baseURL }) => {
  const title = `Digital twins for smart ports ${Date.now()}`;
  const sessionId = await createTestSession(getDb(), {
    capacity: 1,
    title,
    timeZone: "Europe/Moscow",
    institutionSlug: INSTITUTION,
  });
  const [a, b] = await createTrainees(getDb(), { count: 2, prefix: `e2e-${Date.now()}`, country: "ZA" });
  const [emailA, emailB] = [await emailOf(a!), await emailOf(b!)];
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  await signInContext(contextA, emailA, baseURL ?? "");
  await signInContext(contextB, emailB, baseURL ?? "");
  const pageA = await contextA.newPage();
  const pageB = await contextB.newPage();

  // A takes the last seat.
  await pageA.goto(`/sessions/${sessionId}`);
  await settle(pageA);
  await pageA.getByRole("button", { name: "Enroll" }).click();
  await expect(pageA.getByText("You have a confirmed place in this training session.")).toBeVisible();
  await expect(pageA.getByRole("link", { name: "Join online" })).toHaveAttribute(
    "href",
    "https://meeting.example.org/room-42",
  );

  // B finds it full and joins the waitlist at position 1.
  await pageB.goto(`/sessions/${sessionId}`);
  await settle(pageB);
  await pageB.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(pageB.getByText(/you are on the waitlist at position 1\./)).toBeVisible();
  await expect(pageB.getByRole("link", { name: "Join online" })).toHaveCount(0);

  // A cancels, asked first: the seat goes to B in the same transaction.
  await pageA.getByRole("link", { name: "Cancel my place" }).click();
  await expect(pageA.getByText("You have a confirmed place in this training session.")).toBeVisible();
  await pageA.getByRole("button", { name: "Yes, cancel my place" }).click();
  await expect(pageA.getByText("You cancelled your place.")).toBeVisible();

  await pageB.goto("/me/enrollments");
  await settle(pageB);
  const place = pageB.getByRole("article", { name: title });
  await expect(place.getByText("Confirmed")).toBeVisible();
  await expect(place.getByRole("link", { name: "Join online" })).toBeVisible();

  // B's mail, read as the organizer reads the outbox (mail goes out just after the answer).
  const organizer = await browser.newContext();
  await signInContext(organizer, ACCOUNTS.organizer, baseURL ?? "");
  const outbox = await organizer.newPage();
  await expect(async () => {
    await outbox.goto("/admin/outbox");
    const mail = outbox.getByRole("article", { name: `A seat is yours: ${title}` });
    await expect(mail).toContainText(emailB);
    await expect(mail).toContainText("training.ics");
  }).toPass({ timeout: 15_000 });

  // B subscribes to the calendar feed; a real iCalendar parser reads it.
  await pageB.getByRole("button", { name: "Create my feed address" }).click();
  const feedUrl = (await pageB.getByTestId("feed-url").textContent()) ?? "";
  expect(feedUrl).toMatch(/\/me\/calendar\.ics\?token=[\w-]{40,}$/);
  const request = (await browser.newContext()).request;
  const response = await request.get(feedUrl);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const event = calendar
    .getAllSubcomponents("vevent")
    .map((component) => new ICAL.Event(component))
    .find((e) => e.summary === title);
  expect(event).toBeDefined();
  const [session] = await getDb()
    .select({ startsAt: trainingSessions.startsAt })
    .from(trainingSessions)
    .where(eq(trainingSessions.id, sessionId));
  const startsAt = session!.startsAt.getTime();
  expect(event?.startDate.toJSDate().getTime()).toBe(Math.floor(startsAt / 1000) * 1000);
  expect(event?.startDate.zone?.tzid).toBe("Europe/Moscow");
  expect(event?.component.getFirstPropertyValue("status")).toBe("CONFIRMED");

  // Turning the feed off makes the address stop working.
  await pageB.getByRole("button", { name: "Turn the feed off" }).click();
  await expect(pageB.getByText("Your feed is off; its address no longer works.")).toBeVisible();
  expect((await request.get(feedUrl)).status()).toBe(404);

  await Promise.all([contextA.close(), contextB.close(), organizer.close()]);
});

test("staff remove a trainee with a reason from the roster, and the waitlist moves up", async ({
  browser,
  baseURL,
}) => {
  const title = `Roster removal ${Date.now()}`;
  const sessionId = await createTestSession(getDb(), { capacity: 1, title, institutionSlug: INSTITUTION });
  const [a, b] = await createTrainees(getDb(), { count: 2, prefix: `roster-${Date.now()}` });
  const [emailA, emailB] = [await emailOf(a!), await emailOf(b!)];
  for (const email of [emailA, emailB]) {
    const context = await browser.newContext();
    await signInContext(context, email, baseURL ?? "");
    const page = await context.newPage();
    await page.goto(`/sessions/${sessionId}`);
    await settle(page);
    await page.getByRole("button", { name: /Enroll|Join the waitlist/ }).click();
    await expect(page.getByRole("heading", { name: "Your place" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(/confirmed place|on the waitlist at position/);
    await context.close();
  }
  const staff = await browser.newContext();
  await signInContext(staff, STAFF, baseURL ?? "");
  const page = await staff.newPage();
  await page.goto(`/manage/sessions/${sessionId}/roster`);
  await settle(page);
  await expect(page.getByText("1 of 1 seats confirmed, 1 on the waitlist.")).toBeVisible();
  const rowA = page.getByRole("row", { name: new RegExp(emailA) });
  // Without a reason nothing happens and the field says why.
  await rowA.getByRole("button", { name: "Remove" }).click();
  await expect(rowA.getByText("Say why (at least 3 characters): trainees will read it.")).toBeVisible();
  await rowA.getByLabel(/Reason for removing/).fill("Registered twice with two addresses");
  await rowA.getByRole("button", { name: "Remove" }).click();
  await expect(page.getByText("The place is cancelled and the trainee is told.")).toBeVisible();
  await expect(page.getByText("1 of 1 seats confirmed, 0 on the waitlist.")).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(emailB) })).toContainText("Confirmed");
  await staff.close();
});

test.describe("giving up a place without JavaScript", () => {
  test.use({ javaScriptEnabled: false, locale: "ru-RU", viewport: { width: 360, height: 740 } });

  test("asks first, keeps the place when the trainee changes their mind, and cancels when confirmed", async ({
    browser,
    baseURL,
  }) => {
    const title = `Умные порты ${Date.now()}`;
    const sessionId = await createTestSession(getDb(), { capacity: 3, title, institutionSlug: INSTITUTION });
    const [trainee] = await createTrainees(getDb(), { count: 1, prefix: `e2e-cancel-${Date.now()}`, country: "RU" });
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "ru-RU" });
    await signInContext(context, await emailOf(trainee!), baseURL ?? "");
    const page = await context.newPage();
    await page.goto(`/sessions/${sessionId}`);
    await page.getByRole("button", { name: "Записаться" }).click();
    const status = async () => {
      const [place] = await getDb()
        .select({ status: registrations.status })
        .from(registrations)
        .where(and(eq(registrations.sessionId, sessionId), eq(registrations.userId, trainee!)));
      return place?.status;
    };
    expect(await status()).toBe("confirmed");

    // From the list of one's places: the first click only asks.
    await page.goto("/me/enrollments");
    const place = page.getByRole("article", { name: title });
    await place.getByRole("link", { name: "Отменить мою запись" }).click();
    await expect(place.getByText("Отменить вашу запись?")).toBeVisible();
    expect(await status()).toBe("confirmed");
    await place.getByRole("link", { name: "Сохранить запись" }).click();
    await expect(page.getByText("Отменить вашу запись?")).toHaveCount(0);
    expect(await status()).toBe("confirmed");

    // From the session's page: asked, confirmed, cancelled.
    await page.goto(`/sessions/${sessionId}`);
    await page.getByRole("link", { name: "Отменить мою запись" }).click();
    await page.getByRole("button", { name: "Да, отменить запись" }).click();
    await expect(page).toHaveURL(new RegExp(`/sessions/${sessionId}$`));
    expect(await status()).toBe("cancelled");
    await context.close();
  });
});
