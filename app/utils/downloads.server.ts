/**
 * Spreadsheet downloads. Large ones are written as they are read (pages of rows), so neither
 * the file nor the rows sit in memory, and other requests run between pages.
 */
import { PassThrough, Readable } from "node:stream";
import { csvLineWriter, type Cell } from "./spreadsheet";
import { createXlsxWriter, pagesOf, type SheetColumn } from "./xlsx-writer.server";

export type { Cell } from "./spreadsheet";
export type { SheetColumn } from "./xlsx-writer.server";
/** Rows all at once, or page by page. */
export type Rows = Iterable<Cell[]> | AsyncIterable<Cell[][]>;

export type WorkbookBuilder = {
  /** Adds a sheet with a bold, frozen header row with filter buttons; rows are written and let go page by page. */
  sheet(name: string, columns: SheetColumn[], rows: Rows): Promise<void>;
};

/** Writes to a stream, waiting while its reader is behind; refuses once the reader has gone. */
function writerTo(stream: PassThrough) {
  return (chunk: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      if (stream.destroyed) return reject(new Error("The download was closed."));
      if (stream.write(chunk)) return resolve();
      const drained = () => {
        stream.off("close", closed);
        resolve();
      };
      const closed = () => {
        stream.off("drain", drained);
        reject(new Error("The download was closed."));
      };
      stream.once("drain", drained);
      stream.once("close", closed);
    });
}

const downloadHeaders = (contentType: string, fileName: string) => ({
  "Content-Type": contentType,
  "Content-Disposition": `attachment; filename="${fileName}"`,
  "Cache-Control": "private, no-store",
});

/**
 * An .xlsx download, written with our streaming writer as the client reads it: a page of rows is
 * compressed and sent before the next is made.
 */
export function xlsxResponse(fileName: string, build: (workbook: WorkbookBuilder) => Promise<void>): Response {
  const stream = new PassThrough();
  const writer = createXlsxWriter(writerTo(stream));
  const write = async () => {
    await build({ sheet: (name, columns, rows) => writer.sheet(name, columns, rows) });
    await writer.finish();
    stream.end();
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
  const source = pagesOf(rows);
  const encoder = new TextEncoder();
  const csvLine = csvLineWriter();
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
