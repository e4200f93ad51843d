import { asc, eq } from "drizzle-orm";
import { getDb } from "~/utils/db.server";
import { localDate, utcToZonedLocal, zonedLocalToUtc } from "~/utils/time-zone";
import { attendance, registrations, trainingSessions, users } from "../../db/schema";
import { createTestSession, createTrainees, fillSeats } from "../support/enrollment";
import { expect, settle, signInContext, test } from "./fixtures";

const INSTITUTION = "xiamen-technician-college";
const STAFF = `staff@${INSTITUTION}.example.org`;
const emailOf = async (id: number) => {
  const [user] = await getDb().select({ email: users.email }).from(users).where(eq(users.id, id));
  if (!user) throw new Error(`No user ${id}`);
  return user.email;
};
const attendanceOf = (sessionId: number) =>
  getDb()
    .select({ email: users.email, attended: attendance.attended, method: attendance.method })
    .from(attendance)
    .innerJoin(registrations, eq(registrations.id, attendance.registrationId))
    .innerJoin(users, eq(users.id, registrations.userId))
    .where(eq(registrations.sessionId, sessionId))
    .orderBy(asc(users.email));

/** A session under way now: it started two hours ago and lasts the day. */
function sessionToday(title: string, mode: "offline" | "hybrid" | "online") {
  return createTestSession(getDb(), {
    institutionSlug: INSTITUTION,
    capacity: 5,
    startsInDays: -2 / 24,
    lastsHours: 6,
    mode,
    title,
  });
}

test("staff mark attendance on the roster, and a trainee checks in with the code on the screen", async ({
  browser,
  baseURL,
}) => {
  const sessionId = await sessionToday(`Welding robots in the workshop ${Date.now()}`, "hybrid");
  const [a, b, c] = await createTrainees(getDb(), { count: 3, prefix: `attend-${Date.now()}`, country: "IN" });
  await fillSeats(getDb(), sessionId, [a!, b!, c!]);
  const [emailA, emailB, emailC] = [await emailOf(a!), await emailOf(b!), await emailOf(c!)];

  const staff = await browser.newContext();
  await signInContext(staff, STAFF, baseURL ?? "");
  const page = await staff.newPage();
  await page.goto(`/manage/sessions/${sessionId}/roster`);
  await settle(page);
  const rowOf = (email: string) => page.getByRole("row", { name: new RegExp(email) });
  await rowOf(emailA).getByRole("checkbox").check();
  await page.getByRole("button", { name: /Save attendance for/ }).click();
  await expect(page.getByText(/saved: 1 present, 2 absent\./)).toBeVisible();
  await expect(rowOf(emailA).getByRole("checkbox")).toBeChecked();
  await expect(rowOf(emailA)).toContainText("Present");
  await expect(rowOf(emailB)).toContainText("Absent");

  // The check-in screen shows the code; trainee C types it on their phone.
  await page.getByRole("link", { name: "Check-in screen" }).click();
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const code = ((await page.locator(".check-in-code").textContent()) ?? "").replace(/\s/g, "");
  expect(code).toMatch(/^\d{6}$/);
  await expect(page.getByText("1 trainee present today.")).toBeVisible();

  const phone = await browser.newContext({ viewport: { width: 360, height: 740 } });
  await signInContext(phone, emailC, baseURL ?? "");
  const trainee = await phone.newPage();
  await trainee.goto("/check-in");
  await settle(trainee);
  await trainee.getByLabel("Check-in code").fill(code.slice(0, 3) + " " + code.slice(3));
  await trainee.getByRole("button", { name: "Check in" }).click();
  await expect(trainee.getByText(/You are checked in to Welding robots in the workshop/)).toBeVisible();

  // A wrong code is refused with a reason, and changes nothing.
  await trainee.goto("/check-in");
  await settle(trainee);
  await trainee.getByLabel("Check-in code").fill(String((Number(code) + 1) % 1_000_000).padStart(6, "0"));
  await trainee.getByRole("button", { name: "Check in" }).click();
  await expect(trainee.getByText("This code is not right, or it has changed. Type the code shown now.")).toBeVisible();

  await page.reload();
  await expect(page.getByText("2 trainees present today.")).toBeVisible();
  expect(await attendanceOf(sessionId)).toEqual(
    [
      { email: emailA, attended: true, method: "manual" },
      { email: emailB, attended: false, method: "manual" },
      { email: emailC, attended: true, method: "check_in_code" },
    ].sort((x, y) => x.email.localeCompare(y.email)),
  );
  await Promise.all([staff.close(), phone.close()]);
});

/**
 * An online session held yesterday from 09:00 to 15:00 in Xiamen. An import counts minutes per
 * day, so a session under way now would, late in Xiamen's evening, run past midnight and split a
 * trainee's minutes over two days: this one never does, whatever the hour the test runs.
 */
function onlineSessionYesterday(title: string) {
  const yesterday = localDate(new Date(Date.now() - 86_400_000), "Asia/Shanghai");
  const startsAt = zonedLocalToUtc(`${yesterday}T09:00`, "Asia/Shanghai").getTime();
  return createTestSession(getDb(), {
    institutionSlug: INSTITUTION,
    capacity: 5,
    startsInDays: (startsAt - Date.now()) / 86_400_000,
    lastsHours: 6,
    mode: "online",
    title,
  });
}

test("staff import an online meeting's attendance CSV: preview, threshold, unmatched rows, then the roster", async ({
  browser,
  baseURL,
}) => {
  const sessionId = await onlineSessionYesterday(`Smart grid operations online ${Date.now()}`);
  const [a, b] = await createTrainees(getDb(), { count: 2, prefix: `import-${Date.now()}`, country: "ZA" });
  await fillSeats(getDb(), sessionId, [a!, b!]);
  const [emailA, emailB] = [await emailOf(a!), await emailOf(b!)];
  // Join times within the session's hours (an import counts only those), in Xiamen's wall-clock time.
  const [session] = await getDb()
    .select({ startsAt: trainingSessions.startsAt })
    .from(trainingSessions)
    .where(eq(trainingSessions.id, sessionId));
  const startsAt = session!.startsAt.getTime();
  const joined = (minutesAfterStart: number) =>
    utcToZonedLocal(new Date(startsAt + minutesAfterStart * 60_000), "Asia/Shanghai").replace("T", " ") + ":00";
  const csv = [
    "Meeting ID,Topic",
    "987 654 321,Smart grid operations",
    "",
    "Name (Original Name),User Email,Join Time,Duration (Minutes)",
    `Thabo,${emailA},${joined(10)},25`,
    `Thabo,${emailA},${joined(60)},35`,
    `Lerato,${emailB},${joined(10)},12`,
    `Guest,guest-${Date.now()}@elsewhere.example.org,${joined(10)},90`,
  ].join("\r\n");

  const staff = await browser.newContext();
  await signInContext(staff, STAFF, baseURL ?? "");
  const page = await staff.newPage();
  await page.goto(`/manage/sessions/${sessionId}/roster`);
  await settle(page);
  await page.getByRole("link", { name: "Import attendance file" }).click();
  await page.getByLabel("Attendance file").setInputFiles({
    name: "zoom-participants.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  await page.getByRole("button", { name: "Upload and preview" }).click();
  await expect(page.getByRole("heading", { name: "Attendance file: zoom-participants.csv" })).toBeVisible();
  // The columns were recognised from their headers.
  await expect(page.getByLabel("E-mail column")).toHaveValue("1");
  await expect(page.getByLabel("Minutes attended column")).toHaveValue("3");
  await expect(page.getByText("1 attendance recorded as present.")).toBeVisible();
  await expect(page.getByText("1 recorded as absent (under 30 minutes).")).toBeVisible();
  await expect(page.getByRole("row", { name: /guest-.*No trainee has this address/ })).toBeVisible();

  // A lower threshold counts Lerato too.
  await page.getByLabel("Minimum minutes to count as present").fill("10");
  await page.getByRole("button", { name: "Update the preview" }).click();
  await expect(page.getByText("2 attendances recorded as present.")).toBeVisible();
  await page.getByRole("button", { name: "Import attendance" }).click();
  await expect(page.getByText(/Imported: 2 present, 0 absent/)).toBeVisible();

  // Importing again changes nothing.
  await expect(page.getByLabel("Minimum minutes to count as present")).toHaveValue("10");
  const before = await attendanceOf(sessionId);
  await page.getByRole("button", { name: "Import attendance" }).click();
  await page.waitForLoadState("networkidle");
  await expect(page.getByText(/Imported: 2 present, 0 absent/)).toBeVisible();
  expect(await attendanceOf(sessionId)).toEqual(before);
  expect(before.map((row) => [row.attended, row.method])).toEqual([
    [true, "import"],
    [true, "import"],
  ]);

  await page.getByRole("link", { name: "Registrations" }).click();
  await expect(page.getByRole("heading", { name: /^Registrations: Smart grid/ })).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(emailA) })).toContainText("Present");
  await staff.close();
});
