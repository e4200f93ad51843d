import type { Locator, Page } from "@playwright/test";
import { getDb } from "~/utils/db.server";
import { createTestSession } from "../support/enrollment";
import { ACCOUNTS, expect, linkMailedTo, signInContext, test } from "./fixtures";

/** Presses Tab until `target` has the focus (at most `limit` times), as a keyboard user would. */
async function tabTo(page: Page, target: Locator, limit = 60) {
  const handle = await target.elementHandle();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((element) => document.activeElement === element, handle)) return;
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** The focused element shows where the keyboard is (an outline that is not "none"). */
async function expectVisibleFocus(page: Page) {
  const outline = await page.evaluate(() => {
    const style = document.activeElement ? getComputedStyle(document.activeElement) : null;
    return style ? `${style.outlineStyle} ${style.outlineWidth}` : "none";
  });
  expect(outline).not.toMatch(/^none|0px$/);
}

test.use({ locale: "en-US" });

test("a Russian-speaking trainee switches to Russian, signs up with a Cyrillic name and enrolls with the keyboard only; the mail is in Russian", async ({
  page,
  browser,
  baseURL,
}) => {
  // Some two hundred key presses: slower than clicks, above all on a busy two-core machine.
  test.setTimeout(120_000);
  const stamp = Date.now();
  const title = `Цифровые двойники для портов ${stamp}`;
  const sessionId = await createTestSession(getDb(), {
    capacity: 5,
    title,
    institutionSlug: "xiamen-technician-college",
    mode: "offline",
  });
  const email = `anna.smirnova.${stamp}@example.ru`;

  await page.goto("/");
  // The skip link comes first and moves the focus to the content.
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();
  await expectVisibleFocus(page);

  // The language switcher, by keyboard: focus the list, pick Русский, press the button.
  const languages = page.getByLabel("Language", { exact: true });
  await tabTo(page, languages);
  await expectVisibleFocus(page);
  // Arrow keys move through the list: English, 中文, Русский.
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await expect(languages).toHaveValue("ru");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Change language" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");

  // Sign-up, in Russian, with a Cyrillic name.
  await tabTo(page, page.getByRole("link", { name: "Зарегистрироваться" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Создайте учётную запись слушателя" })).toBeVisible();
  await tabTo(page, page.getByLabel("Адрес электронной почты"));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel("Полное имя"));
  await page.keyboard.type("Анна Смирнова");
  const country = page.getByLabel("Страна", { exact: true });
  await tabTo(page, country);
  // Arrow keys down the list to Россия (Playwright cannot press Cyrillic keys for type-ahead).
  const russia = await country.evaluate((select: HTMLSelectElement) =>
    [...select.options].findIndex((option) => option.value === "RU"),
  );
  await page.keyboard.press("Home");
  for (let i = 0; i < russia; i++) await page.keyboard.press("ArrowDown");
  await expect(country).toHaveValue("RU");
  await tabTo(page, page.getByLabel("Пароль", { exact: true }));
  await page.keyboard.type("северное сияние над Байкалом");
  await tabTo(page, page.getByRole("checkbox"));
  await page.keyboard.press("Space");
  await tabTo(page, page.getByRole("button", { name: "Создать учётную запись" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText(`Проверьте почту: мы отправили письмо на ${email}.`)).toBeVisible();
  // The link in the mail, then its one button, by keyboard.
  await page.goto(await linkMailedTo(email, "/signup/confirm/"));
  await tabTo(page, page.getByRole("button", { name: "Создать учётную запись и войти" }));
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: "Мои записи" })).toBeVisible();

  // Enrollment with the keyboard.
  await page.goto(`/sessions/${sessionId}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "ru");
  const enroll = page.getByRole("button", { name: "Записаться" });
  await tabTo(page, enroll);
  await expectVisibleFocus(page);
  await page.keyboard.press("Enter");
  await expect(page.getByText("У вас подтверждённое место на этом занятии.")).toBeVisible();

  // The confirmation, in Russian, as the organizer reads the outbox.
  const organizer = await browser.newContext({ locale: "en-US" });
  await signInContext(organizer, ACCOUNTS.organizer, baseURL ?? "");
  const outbox = await organizer.newPage();
  await expect(async () => {
    await outbox.goto("/admin/outbox");
    const mail = outbox.getByRole("article", { name: `Ваше место подтверждено: ${title}` });
    await expect(mail).toContainText(email);
    await expect(mail).toContainText("Здравствуйте, Анна Смирнова!");
  }).toPass({ timeout: 15_000 });
  await organizer.close();
});

test("a form's errors are tied to their fields and announced", async ({ page }) => {
  await page.goto("/signup");
  await page.getByRole("button", { name: "Create account" }).click();
  const email = page.getByLabel("E-mail address");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await email.getAttribute("aria-describedby")) ?? "";
  await expect(page.locator(`[id="${describedBy.split(" ")[0]}"]`)).toHaveText("This field is required.");
  await expect(page.getByRole("alert").first()).toBeVisible();
});
