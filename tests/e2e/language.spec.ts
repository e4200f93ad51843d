import { expect, test } from "@playwright/test";

test.use({ locale: "en-US" });

test("switching to Chinese keeps the page and remembers the choice on the next page", async ({ page }) => {
  await page.goto("/catalog?mode=online");
  await page.getByLabel("Language", { exact: true }).selectOption("zh-CN");
  await page.getByRole("button", { name: "Change language" }).click();

  await expect(page).toHaveURL(/\/catalog\?mode=online$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("课程目录");

  await page.getByRole("link", { name: "首页" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("面向新工业革命的人才培养");

  await page.getByLabel("语言", { exact: true }).selectOption("en");
  await page.getByRole("button", { name: "切换语言" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the language switcher still works as a plain form", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Language", { exact: true }).selectOption("zh-CN");
    await page.getByRole("button", { name: "Change language" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { name: "培训领域" })).toBeVisible();
  });

  test("catalog filters are plain query parameters", async ({ page }) => {
    await page.goto("/catalog");
    await page.getByLabel("Mode").selectOption("offline");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/mode=offline/);
    const badges = page.locator(".session-card .badge");
    await expect(badges.first()).toHaveText("In person");
    for (const text of await badges.allTextContents()) expect(text).toBe("In person");
  });
});
