/**
 * A streaming writer of .xlsx workbooks (Office Open XML spreadsheets), ours (decision 16), in
 * fflate's zip container, deflated by Node's zlib (decision 25): typed cells (text, numbers,
 * calendar dates, months, percentages), a bold and frozen header row with filter buttons,
 * column widths. A sheet's rows are turned into XML and compressed page by page and handed to
 * `write`, which waits when the reader is slow, so neither the rows nor the file sit in memory.
 *
 * Text is written as inline-string cells, which a spreadsheet never evaluates: a name such as
 * "=1+1" or "-Arjun" shows as written, with no apostrophe (formulas live only in <f> elements,
 * which this writer never writes).
 */
import { setImmediate as letOtherRequestsRun } from "node:timers/promises";
import { crc32, createDeflateRaw } from "node:zlib";
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from "fflate";
import { rememberEncoding, type Cell } from "./spreadsheet";

export type SheetColumn = { header: string; width: number };

/** How a workbook's bytes leave: resolves when the reader wants more. */
export type ChunkSink = (chunk: Uint8Array) => Promise<void>;

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** The cell formats of styles.xml, by their index there. */
const STYLE = { plain: 0, date: 1, month: 2, percent: 3, header: 4 } as const;
const STYLES_XML =
  XML_HEAD +
  `<styleSheet xmlns="${MAIN}">` +
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm"/>' +
  '<numFmt numFmtId="166" formatCode="0.0%"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

/** Characters XML 1.0 cannot hold at all (control characters, lone surrogates, U+FFFE/F): dropped. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Excel's limit on the characters in a cell. */
const MAX_CELL_CHARACTERS = 32_767;

function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "")
    .replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

/** "A", "B", … "Z", "AA": a column's letters. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Days since 1899-12-30, the date system of every spreadsheet since Lotus 1-2-3 (for dates after March 1900). */
function serialDay(isoDate: string): number {
  return (Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
}

/** A text cell's XML after its reference: `"` closing the reference, the type, the escaped text. */
function textCellTail(value: string, header: boolean): string {
  const text = escapeXml(value.slice(0, MAX_CELL_CHARACTERS));
  const style = header ? ` s="${STYLE.header}"` : "";
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : "";
  return `"${style} t="inlineStr"><is><t${space}>${text}</t></is></c>`;
}

function cellXml(value: Cell, ref: string, header: boolean, textTail: (text: string) => string): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? `<c r="${ref}"><v>${value}</v></c>` : "";
  if (typeof value === "string") return `<c r="${ref}${header ? textCellTail(value, true) : textTail(value)}`;
  switch (value.kind) {
    case "date":
      return `<c r="${ref}" s="${STYLE.date}"><v>${serialDay(value.day)}</v></c>`;
    case "month":
      return `<c r="${ref}" s="${STYLE.month}"><v>${serialDay(`${value.month}-01`)}</v></c>`;
    case "percent":
      return Number.isFinite(value.fraction) ? `<c r="${ref}" s="${STYLE.percent}"><v>${value.fraction}</v></c>` : "";
  }
}

/** Excel refuses sheet names over 31 characters, with []:*?/\ in them, or twice in a workbook. */
function sheetNameFor(name: string, taken: Set<string>): string {
  const base =
    name
      .replace(/[[\]:*?/\\]/g, " ")
      .replace(/^'+|'+$/g, "")
      .trim()
      .slice(0, 31) || "Sheet";
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++)
    candidate = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/**
 * A zip entry compressed by Node's zlib, in fflate's Zip (decision 25): native deflate runs on
 * libuv's thread pool and keeps its window in native memory, where fflate's allocated some
 * 200 KB of typed arrays per page on the main thread, which the garbage collector let pile up
 * over a long workbook.
 */
class DeflatedEntry implements ZipInputFile {
  readonly compression = 8;
  /** The general purpose flag's "normal" compression, as level 6 is. */
  readonly flag = 0;
  crc = 0;
  size = 0;
  ondata: AsyncFlateStreamHandler = () => {};
  private readonly deflate = createDeflateRaw({ level: 6 });

  constructor(readonly filename: string) {
    // zlib's output buffers are its own, never a SharedArrayBuffer.
    this.deflate.on("data", (chunk: Uint8Array<ArrayBuffer>) => this.ondata(null, chunk, false));
  }

  /** Resolves once zlib has compressed `bytes` and handed on what it made of them. */
  push(bytes: Uint8Array): Promise<void> {
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    return new Promise((resolve, reject) => this.deflate.write(bytes, (error) => (error ? reject(error) : resolve())));
  }

  /** Flushes the last bytes and closes the entry. */
  end(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.deflate.once("error", reject);
      this.deflate.once("end", () => {
        this.ondata(null, new Uint8Array(0), true);
        resolve();
      });
      this.deflate.end();
    });
  }

  terminate() {
    this.deflate.destroy();
  }
}

type WrittenSheet = { name: string; lastColumn: string; lastRow: number };

/**
 * Writes a workbook to `sink`: call `sheet` for each sheet in turn, then `finish`. A page's rows
 * are compressed as soon as they come and `sheet` waits for the sink before taking the next page.
 */
export function createXlsxWriter(sink: ChunkSink) {
  const encoder = new TextEncoder();
  let failure: Error | null = null;
  let pendingWrite: Promise<void> = Promise.resolve();
  // fflate hands over compressed bytes as they are made; each waits for the one before.
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else if (chunk.length) pendingWrite = pendingWrite.then(() => sink(chunk));
  });
  const drained = async () => {
    await pendingWrite;
    if (failure) throw failure;
  };
  const addFile = async (path: string, parts: AsyncIterable<string> | string[]) => {
    const file = new DeflatedEntry(path);
    zip.add(file);
    try {
      for await (const part of parts) {
        await file.push(encoder.encode(part));
        await drained();
        // A page compressed: other requests' turn, however fast the reader takes the bytes.
        await letOtherRequestsRun();
      }
      await file.end();
    } catch (error) {
      file.terminate();
      throw error;
    }
    await drained();
  };
  const sheets: WrittenSheet[] = [];
  const takenNames = new Set<string>();

  return {
    async sheet(name: string, columns: SheetColumn[], rows: Iterable<Cell[]> | AsyncIterable<Cell[][]>) {
      const index = sheets.length + 1;
      const letters = columns.map((_, i) => columnLetters(i));
      const lastColumn = columnLetters(Math.max(0, columns.length - 1));
      const written: WrittenSheet = { name: sheetNameFor(name, takenNames), lastColumn, lastRow: 1 };
      const textTail = rememberEncoding((text) => textCellTail(text, false));
      const rowXml = (cells: Cell[], rowNumber: number, header: boolean) => {
        let xml = `<row r="${rowNumber}">`;
        for (let i = 0; i < cells.length; i++) {
          const value = cells[i];
          if (value !== undefined)
            xml += cellXml(value, `${letters[i] ?? columnLetters(i)}${rowNumber}`, header, textTail);
        }
        return xml + "</row>";
      };
      async function* parts(): AsyncGenerator<string> {
        const widths = columns
          .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
          .join("");
        yield (
          XML_HEAD +
          `<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}">` +
          '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
          '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
          '<sheetFormatPr defaultRowHeight="15"/>' +
          (widths ? `<cols>${widths}</cols>` : "") +
          "<sheetData>" +
          rowXml(
            columns.map((c) => c.header),
            1,
            true,
          )
        );
        for await (const page of pagesOf(rows)) {
          let xml = "";
          for (const row of page) xml += rowXml(row, ++written.lastRow, false);
          yield xml;
        }
        yield `</sheetData><autoFilter ref="A1:${lastColumn}${written.lastRow}"/></worksheet>`;
      }
      await addFile(`xl/worksheets/sheet${index}.xml`, parts());
      sheets.push(written);
    },

    /** Writes the parts that list the sheets, and the zip's directory. */
    async finish() {
      const quoted = (name: string) => `'${name.replace(/'/g, "''")}'`;
      await addFile("xl/workbook.xml", [
        XML_HEAD +
          `<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><bookViews><workbookView/></bookViews><sheets>` +
          sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
          "</sheets><definedNames>" +
          sheets
            .map(
              (s, i) =>
                `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">` +
                `${escapeXml(quoted(s.name))}!$A$1:$${s.lastColumn}$${s.lastRow}</definedName>`,
            )
            .join("") +
          "</definedNames></workbook>",
      ]);
      await addFile("xl/_rels/workbook.xml.rels", [
        XML_HEAD +
          `<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
          sheets
            .map(
              (_, i) =>
                `<Relationship Id="rId${i + 1}" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
            )
            .join("") +
          `<Relationship Id="rId${sheets.length + 1}" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/>` +
          "</Relationships>",
      ]);
      await addFile("xl/styles.xml", [STYLES_XML]);
      await addFile("_rels/.rels", [
        XML_HEAD +
          `<Relationships xmlns="${PACKAGE_RELATIONSHIPS}">` +
          `<Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ]);
      const sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
      await addFile("[Content_Types].xml", [
        XML_HEAD +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          sheets
            .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}"/>`)
            .join("") +
          "</Types>",
      ]);
      zip.end();
      await drained();
    },
  };
}

/** Rows all at once (cut into pages of 5,000) or page by page, as pages. */
export async function* pagesOf(rows: Iterable<Cell[]> | AsyncIterable<Cell[][]>): AsyncGenerator<Cell[][]> {
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
