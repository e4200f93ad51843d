import { expect, test } from "@playwright/test";

const DOMAINS_EN = [
  "Macroeconomic policy interpretation",
  "Cross-cultural communication and integration",
  "Smart city management",
  "Smart industry",
  "Intelligent manufacturing",
  "Communications and the Internet",
];
const DOMAINS_ZH = ["宏观经济政策解读", "跨文化交流融合", "智慧城市管理", "智慧产业", "智能制造", "通信与互联网"];
const INSTITUTIONS_EN = [
  "Xiamen University",
  "Huaqiao University",
  "Xiamen Technician College",
  "Xiamen Ocean Vocational College",
  "Xiamen City Vocational College",
];
const INSTITUTIONS_ZH = ["厦门大学", "华侨大学", "厦门技师学院", "厦门海洋职业技术学院", "厦门城市职业学院"];

test.describe("home page in English", () => {
  test.use({ locale: "en-US" });

  test("shows the six domains and the five institutions", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Training for the new industrial revolution");
    const domains = page.getByRole("region", { name: "Training domains" });
    for (const name of DOMAINS_EN) await expect(domains.getByRole("link", { name })).toBeVisible();
    const institutions = page.getByRole("region", { name: "Alliance institutions" });
    for (const name of INSTITUTIONS_EN)
      await expect(institutions.getByRole("link", { name, exact: true })).toBeVisible();
  });

  test("leads from an institution on the home page to its own page", async ({ page }) => {
    await page.goto("/");
    await page
      .getByRole("region", { name: "Alliance institutions" })
      .getByRole("link", { name: "Huaqiao University" })
      .click();
    await expect(page).toHaveURL(/\/institutions\/huaqiao-university$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Huaqiao University");
    await expect(page.getByRole("heading", { name: "Law and intellectual property for investors" })).toBeVisible();
  });
});

test.describe("home page for a browser that asks for Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("is in Chinese, with <html lang> to match", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("面向新工业革命的人才培养");
    for (const name of DOMAINS_ZH) await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
    for (const name of INSTITUTIONS_ZH) await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  });
});
