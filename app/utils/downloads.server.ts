/**
 * Spreadsheet downloads. Large ones are written as they are read (pages of rows), so neither
 * the file nor the rows sit in memory, and other requests run between pages.
 */
import { PassThrough, Readable } from "node:stream";
import { setImmediate as letOtherRequestsRun } from "node:timers/promises";
import ExcelJS from "exceljs";
import { csvLine, neutralizeFormula } from "./spreadsheet";

export type Cell = string | number | null;
export type SheetColumn = { header: string; width: number };
/** Rows all at once, or page by page. */
export type Rows = Iterable<Cell[]> | AsyncIterable<Cell[][]>;

export type WorkbookBuilder = {
  /** Adds a sheet with a frozen header row with filter buttons; rows are written and let go one by one. */
  sheet(name: string, columns: SheetColumn[], rows: Rows): Promise<void>;
};

/** What exceljs keeps between a sheet's rows and the zip compressor (not part of its typings). */
type SheetPipe = { stream?: { pipes?: { _writableState?: { length?: number } }[] } };

/**
 * exceljs's streaming writer ignores back-pressure: rows are handed to the zip compressor as
 * fast as they are made, and the compressor's queue held the whole uncompressed sheet (some
 * 100 MB for 160,000 rows; exceljs issues #1894 and #2916). Waiting for that queue to fall under
 * a megabyte after each page keeps memory flat at the same speed. If exceljs's insides change,
 * this only yields to other requests.
 */
async function compressorCaughtUp(worksheet: unknown): Promise<void> {
  const pending = () => (worksheet as SheetPipe).stream?.pipes?.[0]?._writableState?.length ?? 0;
  await letOtherRequestsRun();
  while (pending() > 1_000_000) await new Promise((resolve) => setTimeout(resolve, 1));
}

async function* pages(rows: Rows): AsyncGenerator<Cell[][]> {
  if (Symbol.asyncIterator in rows) {
    for await (const page of rows) yield page;
    return;
  }
  let page: Cell[][] = [];
  for (const row of rows) {
    page.push(row);
    if (page.length === 5_000) {
      yield page;
      page = [];
    }
  }
  yield page;
}

const downloadHeaders = (contentType: string, fileName: string) => ({
  "Content-Type": contentType,
  "Content-Disposition": `attachment; filename="${fileName}"`,
  "Cache-Control": "private, no-store",
});

/**
 * An .xlsx download written with exceljs's streaming writer: rows go to the response as they
 * are made. Every text cell is formula-neutralised.
 */
export function xlsxResponse(fileName: string, build: (workbook: WorkbookBuilder) => Promise<void>): Response {
  const stream = new PassThrough();
  // No styles: exceljs looks up every cell's style when they are on, which made 160,000 rows take
  // 2.5 times as long. The header row is frozen and carries filter buttons instead of bold.
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false, useSharedStrings: false });
  const text = (value: Cell) => (typeof value === "string" ? neutralizeFormula(value) : value);
  const workbook: WorkbookBuilder = {
    async sheet(name, columns, rows) {
      // Excel refuses sheet names over 31 characters or with []:*?/\ in them.
      const safeName = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);
      const worksheet = writer.addWorksheet(safeName, { views: [{ state: "frozen", ySplit: 1 }] });
      worksheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
      worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
      for await (const page of pages(rows)) {
        for (const row of page) worksheet.addRow(row.map(text)).commit();
        await compressorCaughtUp(worksheet);
      }
      worksheet.commit();
    },
  };
  const write = async () => {
    await build(workbook);
    await writer.commit();
  };
  write().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: downloadHeaders("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", fileName),
  });
}

/**
 * A CSV download for Excel (UTF-8 with a byte-order mark), written page by page as the client
 * reads it.
 */
export function csvResponse(fileName: string, header: Cell[], rows: Rows): Response {
  const source = pages(rows);
  const encoder = new TextEncoder();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + csvLine(header)));
        return;
      }
      const next = await source.next();
      if (next.done) controller.close();
      else if (next.value.length) controller.enqueue(encoder.encode(next.value.map(csvLine).join("")));
    },
    async cancel() {
      await source.return(undefined);
    },
  });
  return new Response(body, { headers: downloadHeaders("text/csv; charset=utf-8", fileName) });
}
