import { expect, test } from "@playwright/test";

test.use({ locale: "en-US" });

test("a trainee goes from the catalog to a session and on to its course", async ({ page }) => {
  await page.goto("/catalog");
  await expect(page.getByRole("status")).toContainText("training sessions");
  const first = page.locator(".session-card h3 a").first();
  const title = (await first.textContent()) ?? "";
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Schedule")).toBeVisible();
  await page.getByRole("link", { name: "Details" }).click();
  await expect(page).toHaveURL(/\/courses\/\d+$/);
  await expect(page.getByRole("heading", { name: "Training sessions" })).toBeVisible();
});

test("the cancelled session says so, with its reason", async ({ page }) => {
  await page.goto("/catalog?institution=xiamen-ocean-vocational-college&mode=offline");
  const cancelled = page.locator(".session-card", { hasText: "Cancelled" }).first();
  await cancelled.getByRole("link").click();
  await expect(page.getByText(/This training session was cancelled: The trainer cannot travel/)).toBeVisible();
});
