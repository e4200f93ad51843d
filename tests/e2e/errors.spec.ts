import { expect, test } from "@playwright/test";

test.use({ locale: "en-US" });

test("an unknown course id is a 404 page inside the site's layout", async ({ page }) => {
  const response = await page.goto("/courses/999999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the home page" })).toBeVisible();
});

test("a course id that is not a number is a 404, not a server error", async ({ page }) => {
  const response = await page.goto("/courses/not-a-number");
  expect(response?.status()).toBe(404);
});

test("an unknown address is a 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
});

test.describe("in Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("the 404 page speaks Chinese", async ({ page }) => {
    const response = await page.goto("/sessions/999999");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
  });
});

test("/healthz answers 200 when the database answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
});

test("every founding institution's page answers 200", async ({ request }) => {
  for (const slug of [
    "xiamen-university",
    "huaqiao-university",
    "xiamen-technician-college",
    "xiamen-ocean-vocational-college",
    "xiamen-city-vocational-college",
  ]) {
    expect((await request.get(`/institutions/${slug}`)).status(), slug).toBe(200);
  }
});
