import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { neutralizeFormula } from "./spreadsheet";

export type Cell = string | number | null;
export type SheetColumn = { header: string; width: number };

export type WorkbookBuilder = {
  /** Adds a sheet with a bold, frozen header row; rows are written and let go one by one. */
  sheet(name: string, columns: SheetColumn[], rows: Iterable<Cell[]>): void;
};

/**
 * An .xlsx download written with exceljs's streaming writer: rows go to the response as they
 * are made, so a large export never sits in memory. Every text cell is formula-neutralised.
 */
export function xlsxResponse(fileName: string, build: (workbook: WorkbookBuilder) => void): Response {
  const stream = new PassThrough();
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const text = (value: Cell) => (typeof value === "string" ? neutralizeFormula(value) : value);
  const workbook: WorkbookBuilder = {
    sheet(name, columns, rows) {
      // Excel refuses sheet names over 31 characters or with []:*?/\ in them.
      const safeName = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);
      const worksheet = writer.addWorksheet(safeName, { views: [{ state: "frozen", ySplit: 1 }] });
      worksheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
      worksheet.getRow(1).font = { bold: true };
      for (const row of rows) worksheet.addRow(row.map(text)).commit();
      worksheet.commit();
    },
  };
  const write = async () => {
    build(workbook);
    await writer.commit();
  };
  write().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

/** A CSV download (UTF-8 with BOM, see toCsv). */
export function csvResponse(fileName: string, csv: string): Response {
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
