import { parse } from "csv-parse/sync";
import fs from "node:fs";
import ExcelJS from "exceljs";
import { ACCOUNTS, expect, settle, test } from "./fixtures";

test("the organizer filters the dashboard to 2021, reads Brazil's figures and downloads them", async ({
  page,
  signIn,
}) => {
  await signIn(ACCOUNTS.organizer);
  await page.goto("/admin/stats");
  await settle(page);
  await page.getByLabel("From").fill("2021-01-01");
  await page.getByLabel("Until").fill("2021-12-31");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/from=2021-01-01.*to=2021-12-31/);

  // The charts are images with text alternatives, drawn on the server.
  await expect(page.getByRole("img", { name: /^Participant-times by country/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /^Participant-times by month/ })).toBeVisible();
  const row = page.getByRole("region", { name: "By country" }).getByRole("row", { name: /^Brazil \(BR\)/ });
  const participantTimes = (await row.getByRole("cell").nth(2).textContent()) ?? "";
  const distinct = (await row.getByRole("cell").nth(3).textContent()) ?? "";
  expect(Number(participantTimes.replace(/,/g, ""))).toBeGreaterThan(0);

  const downloadStarted = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the by-country table (CSV)" }).click();
  const download = await downloadStarted;
  const bytes = fs.readFileSync((await download.path()) ?? "");
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  // Read as a spreadsheet would (text fields arrive quoted): the file holds the figures the page shows.
  const records = parse(bytes, { bom: true }) as string[][];
  const brazil = records.find((record) => record[0] === "BR");
  expect(brazil?.slice(4, 6)).toEqual([participantTimes.replace(/,/g, ""), distinct.replace(/,/g, "")]);

  const excelStarted = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download every table (Excel)" }).click();
  const excel = await excelStarted;
  expect(excel.suggestedFilename()).toBe("participation-statistics.xlsx");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile((await excel.path()) ?? "");
  const brazilRow = ((workbook.getWorksheet("By country")?.getSheetValues() ?? []) as unknown[][]).find(
    (values) => values?.[1] === "BR",
  );
  expect(brazilRow?.slice(5, 7)).toEqual([
    Number(participantTimes.replace(/,/g, "")),
    Number(distinct.replace(/,/g, "")),
  ]);
});

test("an organizer makes an API token, a BI tool reads the statistics with it, and revoking it locks the tool out", async ({
  page,
  signIn,
  playwright,
  baseURL,
}) => {
  await signIn(ACCOUNTS.organizer);
  await page.goto("/admin");
  await settle(page);
  await page.getByRole("link", { name: "API tokens for statistics" }).click();
  const name = `Power BI ${Date.now()}`;
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("api-token").textContent()) ?? "";
  expect(token).toMatch(/^brt_/);

  // The tool has no browser session: only the token.
  const tool = await playwright.request.newContext({ baseURL });
  const ask = () =>
    tool.get("/api/v1/stats?groupBy=country&from=2021-01-01&to=2021-12-31", {
      headers: { Authorization: `Bearer ${token}` },
    });
  const answer = await ask();
  expect(answer.status()).toBe(200);
  const body = (await answer.json()) as { rows: { key: string; participantTimes: number }[] };
  expect(body.rows.find((row) => row.key === "BR")?.participantTimes).toBeGreaterThan(0);

  await page.reload();
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked on");
  expect((await ask()).status()).toBe(401);
  await tool.dispose();
});

for (const [language, heading, label] of [
  ["en", "Our impact", "participant-times (人次)"],
  ["zh-CN", "培训成效", "参训人次"],
] as const) {
  test(`the public impact page, in ${language}: figures by year that add up, and the chart by country`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ locale: language });
    const page = await context.newPage();
    await page.goto("/impact");
    await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("lang", language);
    const headline = Number(
      (
        (await page.locator(".impact-figures div").filter({ hasText: label }).locator("dd").textContent()) ?? ""
      ).replace(/\D/g, ""),
    );
    expect(headline).toBeGreaterThan(0);
    const years = page.getByRole("table").getByRole("row");
    let sum = 0;
    for (let i = 1; i < (await years.count()); i++)
      sum += Number(((await years.nth(i).getByRole("cell").first().textContent()) ?? "").replace(/\D/g, ""));
    expect(sum).toBe(headline);
    await expect(page.getByRole("img").first()).toHaveAccessibleName(/./);
    await context.close();
  });
}
