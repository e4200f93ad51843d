import ExcelJS from "exceljs";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { csvResponse, xlsxResponse, type Cell } from "./downloads.server";

/**
 * Rows of text that deflate cannot squeeze to nothing (a repeated row would compress to a few
 * bytes, and a reader that never reads would never be behind).
 */
function pagesCounted(pages: number) {
  const seen = { made: 0, closed: false };
  let seed = 7;
  const word = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed.toString(36);
  };
  async function* rows(): AsyncGenerator<Cell[][]> {
    try {
      for (; seen.made < pages; seen.made++)
        yield Array.from({ length: 100 }, (_, i): Cell[] => [seen.made * 100 + i, word(), word(), word()]);
    } finally {
      seen.closed = true;
    }
  }
  return { seen, rows: rows() };
}

const columns = ["id", "a", "b", "c"].map((header) => ({ header, width: 10 }));

describe("a large download", () => {
  it("waits for its reader: a workbook nobody reads is not made ahead of them", async () => {
    const { seen, rows } = pagesCounted(2_000);
    const response = xlsxResponse("rows.xlsx", ({ sheet }) => sheet("Rows", columns, rows));
    const reader = response.body!.getReader();
    await reader.read();
    await sleep(300);
    // The stream buffers hold a few pages' bytes: the writer stops far short of the 2,000 pages.
    expect(seen.made).toBeGreaterThan(0);
    expect(seen.made).toBeLessThan(60);

    await reader.cancel();
    await sleep(50);
    expect(seen.closed).toBe(true);
    expect(seen.made).toBeLessThan(60);
  });

  it("is a whole workbook when it is read to the end", async () => {
    const { seen, rows } = pagesCounted(30);
    const response = xlsxResponse("rows.xlsx", ({ sheet }) => sheet("Rows", columns, rows));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const sheet = workbook.getWorksheet("Rows")!;
    expect(sheet.rowCount).toBe(1 + 3_000);
    expect(sheet.getCell("A3001").value).toBe(2_999);
    expect(seen.closed).toBe(true);
  });

  it("stops reading rows for a CSV its reader has left", async () => {
    const { seen, rows } = pagesCounted(2_000);
    const response = csvResponse("rows.csv", ["id", "a", "b", "c"], rows);
    const reader = response.body!.getReader();
    await reader.read();
    await sleep(100);
    expect(seen.made).toBeLessThan(10);
    await reader.cancel();
    await sleep(50);
    expect(seen.closed).toBe(true);
  });
});
