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
  const line = bytes
    .toString("utf8")
    .split("\r\n")
    .find((l) => l.startsWith("BR,"));
  // The file holds the figures the page shows.
  expect(line?.split(",").slice(4, 6)).toEqual([participantTimes.replace(/,/g, ""), distinct.replace(/,/g, "")]);

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
