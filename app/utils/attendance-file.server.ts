/**
 * Reading meeting attendance exports (Zoom, Tencent Meeting, Teams, VooV…) into a header row
 * and text rows. They differ in everything: CSV or XLSX, UTF-8 or UTF-16, commas, semicolons
 * or tabs, a block of meeting details above the participants, durations as "45", "0:45:00" or
 * "1h 5m". What they share is a column of e-mail addresses, which is how the header is found.
 */
import { Readable } from "node:stream";
import { setImmediate as letOtherRequestsRun } from "node:timers/promises";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { COLUMN_ROLES, type ColumnRole } from "../validation/attendance-import";
import { readZipDirectory, zipEntriesIntact } from "./zip-check.server";

/**
 * What an attendance file may hold, each checked before the file is expanded further: a real
 * export of a 3,000-person meeting stays far inside every one. The upload itself is at most
 * 10 MB (server.ts).
 */
export const IMPORT_LIMITS = {
  rows: 50_000,
  /** Rows above the participants' table (an export's meeting details). */
  preambleRows: 100,
  columns: 100,
  cellCharacters: 1_000,
  /**
   * An XLSX is a zip: the sum of its parts' unpacked sizes, read from its directory first, then
   * held to when each part is unpacked and checked (zip-check.server.ts).
   */
  unpackedBytes: 50 * 1024 * 1024,
  zipEntries: 1_000,
  /**
   * All the text kept from a file: as much as the largest CSV upload holds. An XLSX can repeat one
   * shared string in every cell, so without this a 100 KB file expanded to a 105 MB stored table.
   */
  characters: 10_000_000,
} as const;

/**
 * Bytes parsed between two pauses for other requests. A 64 KB slice of CSV parses in about a
 * millisecond; one of XLSX unpacks to at most a few megabytes of XML.
 */
export const READ_SLICE_BYTES = 64 * 1024;
export const MAX_IMPORT_ROWS = IMPORT_LIMITS.rows;

/**
 * A participants' table as read: the rows above the header the reader found (an export's meeting
 * details, kept so that staff can choose another header row), the header's cells, and the rows
 * under it, each as wide as the header.
 */
export type AttendanceTable = { preamble: string[][]; headers: string[]; rows: string[][] };
export type FileProblem =
  | "unreadable"
  | "no_email_column"
  | "too_many_rows"
  | "too_many_columns"
  | "cell_too_long"
  | "too_large_unpacked"
  | "too_much_text";

/** A file refused for a limit, from deep inside a parser. */
class FileRefused extends Error {
  constructor(readonly problem: FileProblem) {
    super(problem);
  }
}

/** Longer than any address a mail server accepts (RFC 5321: 254 octets). */
const MAX_EMAIL_LENGTH = 254;
const WHITESPACE = /\s/;

/**
 * One "@" between a local part and a domain with an inner dot, no white space. Checked by hand:
 * the regular expression it replaces backtracked quadratically on a long cell of dots and "@"s.
 */
export function looksLikeEmail(value: string): boolean {
  const text = value.trim();
  if (text.length > MAX_EMAIL_LENGTH || WHITESPACE.test(text)) return false;
  const at = text.indexOf("@");
  if (at < 1 || at !== text.lastIndexOf("@")) return false;
  const dot = text.lastIndexOf(".");
  return dot > at + 1 && dot < text.length - 1;
}

/**
 * A text file's characters: UTF-8 or UTF-16 by their byte-order mark; UTF-16 without one by its
 * zero bytes (ASCII text in UTF-16 has one in every pair); UTF-8 when it is valid UTF-8; else
 * GB18030, the superset of the GBK that Chinese meeting tools (Tencent Meeting, DingTalk) export.
 */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString("utf16le");
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString("utf16le");
  const utf16 = utf16WithoutMark(bytes);
  if (utf16 === "le") return bytes.toString("utf16le");
  if (utf16 === "be")
    return Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)))
      .swap16()
      .toString("utf16le");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

/**
 * "le" or "be" for UTF-16 without a byte-order mark. UTF-8 text never holds a zero byte; UTF-16
 * holds one in every ASCII character (the commas, digits and e-mail addresses every attendance
 * file has), on the odd bytes when little-endian, on the even ones when big-endian.
 */
function utf16WithoutMark(bytes: Buffer): "le" | "be" | null {
  const pairs = Math.min(4_096, Math.floor(bytes.length / 2));
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) zeroEven++;
    if (bytes[2 * i + 1] === 0) zeroOdd++;
  }
  const zeros = zeroOdd + zeroEven;
  if (pairs < 4 || zeros < pairs * 0.1) return null;
  if (zeroOdd >= zeros * 0.9) return "le";
  if (zeroEven >= zeros * 0.9) return "be";
  return null;
}

/** The separator used most on the first lines: a comma, a semicolon or a tab. */
function guessDelimiter(text: string): string {
  const head = text.split(/\r?\n/, 10).join("\n");
  const count = (c: string) => head.split(c).length;
  return [",", ";", "\t"].reduce((best, c) => (count(c) > count(best) ? c : best), ",");
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().replace("T", " ").slice(0, 19);
  if (typeof value === "object") {
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    return "";
  }
  return String(value);
}

/**
 * What a file has used of IMPORT_LIMITS so far: every row and cell is counted as it is read, and
 * the read stops at the first one past a limit.
 */
class LimitTracker {
  private characters = 0;
  readonly rows: string[][] = [];

  /** Keeps a row of raw cell texts, trimmed, unless it is empty. */
  keep(cells: string[]): void {
    if (cells.length > IMPORT_LIMITS.columns) throw new FileRefused("too_many_columns");
    const row = cells.map((text) => {
      const cell = text.trim();
      if (cell.length > IMPORT_LIMITS.cellCharacters) throw new FileRefused("cell_too_long");
      this.characters += cell.length;
      return cell;
    });
    if (this.characters > IMPORT_LIMITS.characters) throw new FileRefused("too_much_text");
    if (!row.some((cell) => cell !== "")) return;
    this.rows.push(row);
    if (this.rows.length > IMPORT_LIMITS.rows + IMPORT_LIMITS.preambleRows) throw new FileRefused("too_many_rows");
  }
}

/** The file as a stream of slices, with a pause for other requests after each. */
function slicedStream(bytes: Buffer): Readable {
  return Readable.from(
    (async function* () {
      for (let at = 0; at < bytes.length; at += READ_SLICE_BYTES) {
        yield bytes.subarray(at, at + READ_SLICE_BYTES);
        await letOtherRequestsRun();
      }
    })(),
    { objectMode: false },
  );
}

async function readXlsxRows(bytes: Buffer, tracker: LimitTracker): Promise<void> {
  const entries = readZipDirectory(bytes);
  if (!entries) throw new FileRefused("unreadable");
  const unpackedBytes = entries.reduce((sum, entry) => sum + entry.unpackedSize, 0);
  if (entries.length > IMPORT_LIMITS.zipEntries || unpackedBytes > IMPORT_LIMITS.unpackedBytes)
    throw new FileRefused("too_large_unpacked");
  if (!(await zipEntriesIntact(bytes, entries))) throw new FileRefused("unreadable");
  const input = slicedStream(bytes);
  const reading = readFirstSheet(input, tracker);
  // A damaged workbook that passes the checks above has, once in CI, kept the streaming reader
  // waiting past a minute (the input not found again in 28,000 tries): past its time budget a
  // file counts as unreadable, the reader's input is closed, and the request is answered.
  reading.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const overtime = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      input.destroy();
      reject(new FileRefused("unreadable"));
    }, xlsxReadingBudgetMs(bytes.length));
  });
  try {
    await Promise.race([reading, overtime]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ten seconds, and two more for each megabyte: far beyond what an intact file of that size takes. */
function xlsxReadingBudgetMs(size: number): number {
  return 10_000 + (size / 1_000_000) * 2_000;
}

async function readFirstSheet(input: Readable, tracker: LimitTracker): Promise<void> {
  // The streaming reader: rows arrive a few at a time and are counted before more is unpacked.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: "cache",
    styles: "cache", // join times stored as dates need their number format
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  for await (const sheet of workbook) {
    for await (const row of sheet) {
      if (row.cellCount > IMPORT_LIMITS.columns) throw new FileRefused("too_many_columns");
      const cells: string[] = [];
      for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column).value));
      tracker.keep(cells);
    }
    return; // the first sheet holds the participants
  }
}

async function readCsvRows(bytes: Buffer, tracker: LimitTracker): Promise<void> {
  const text = decodeText(bytes);
  const parser = slicedStream(Buffer.from(text, "utf8")).pipe(
    parse({
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      // Checked while a record is read, before a 10 MB "cell" is held whole.
      max_record_size: IMPORT_LIMITS.columns * IMPORT_LIMITS.cellCharacters,
    }),
  );
  for await (const record of parser as AsyncIterable<string[]>) tracker.keep(record);
}

async function readRows(bytes: Buffer, fileName: string): Promise<string[][]> {
  const tracker = new LimitTracker();
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (isZip || /\.xlsx$/i.test(fileName)) await readXlsxRows(bytes, tracker);
  else await readCsvRows(bytes, tracker);
  return tracker.rows;
}

/**
 * The participants' table of an attendance file: the header is the row just above the first
 * row holding an e-mail address (exports often start with the meeting's details).
 */
export async function readAttendanceFile(
  bytes: Buffer,
  fileName: string,
): Promise<{ ok: true; table: AttendanceTable } | { ok: false; problem: FileProblem }> {
  let rows: string[][];
  try {
    rows = await readRows(bytes, fileName);
  } catch (error) {
    if (error instanceof FileRefused) return { ok: false, problem: error.problem };
    // csv-parse names an over-long record its own way.
    if ((error as { code?: string }).code === "CSV_MAX_RECORD_SIZE") return { ok: false, problem: "cell_too_long" };
    return { ok: false, problem: "unreadable" };
  }
  if (rows.length > IMPORT_LIMITS.rows + IMPORT_LIMITS.preambleRows) return { ok: false, problem: "too_many_rows" };
  const headerRow = findHeaderRow(rows);
  if (headerRow === null) return { ok: false, problem: "no_email_column" };
  const body = rows.slice(headerRow + 1);
  if (body.length > MAX_IMPORT_ROWS) return { ok: false, problem: "too_many_rows" };
  const headers = (rows[headerRow] ?? []).map((header, index) => header || `#${index + 1}`);
  const width = Math.max(headers.length, ...body.map((row) => row.length));
  while (headers.length < width) headers.push(`#${headers.length + 1}`);
  return {
    ok: true,
    table: {
      preamble: rows.slice(0, headerRow),
      headers,
      rows: body.map((row) => headers.map((_, i) => row[i] ?? "")),
    },
  };
}

/**
 * The table read with another of its first rows as the header: `headerRow` counts from the file's
 * first row (the preamble's first), as the header-row chooser lists them. The rows above it are
 * left out; blank header cells are named by their position, as when reading.
 */
export function withHeaderRow(table: AttendanceTable, headerRow: number): { headers: string[]; rows: string[][] } {
  if (headerRow === table.preamble.length) return { headers: table.headers, rows: table.rows };
  const all = [...table.preamble, table.headers, ...table.rows];
  const width = Math.max(...all.map((row) => row.length));
  const header = all[headerRow] ?? [];
  const headers = Array.from({ length: width }, (_, i) => header[i] || `#${i + 1}`);
  return { headers, rows: all.slice(headerRow + 1).map((row) => headers.map((_, i) => row[i] ?? "")) };
}

/** The rows a header-row chooser offers: the preamble, the header found, and a few under it. */
export function headerRowChoices(table: AttendanceTable): string[][] {
  return [...table.preamble, table.headers, ...table.rows.slice(0, HEADER_CHOICES_BELOW)];
}
const HEADER_CHOICES_BELOW = 3;

/**
 * The participants' header: of the rows just above a row holding an e-mail address, the one whose
 * cells name the most columns we know (e-mail, name, duration, join time, country), then the one
 * with the most address rows under it. Zoom's export "with meeting data" starts with a summary
 * whose host address row would otherwise pass for the participants.
 */
function findHeaderRow(rows: string[][]): number | null {
  const hasEmail = rows.map((row) => row.some(looksLikeEmail));
  let best: { row: number; score: number } | null = null;
  for (let row = 0; row < Math.min(rows.length - 1, IMPORT_LIMITS.preambleRows + 1); row++) {
    if (!hasEmail[row + 1] || hasEmail[row]) continue;
    const roles = COLUMN_ROLES.filter((role) => rows[row]?.some((cell) => HEADER_PATTERNS[role].test(cell))).length;
    let addresses = 0;
    while (row + 1 + addresses < rows.length && hasEmail[row + 1 + addresses]) addresses++;
    const score = roles * 1_000_000 + addresses;
    if (!best || score > best.score) best = { row, score };
  }
  return best?.row ?? null;
}

const HEADER_PATTERNS: Record<ColumnRole, RegExp> = {
  email: /e-?mail|邮箱|邮件|почта|correio/i,
  minutes: /duration|minutes|mins|时长|分钟|длительн|минут|duração|minutos/i,
  day: /join time|joined|first join|入会时间|加入时间|date|日期|время входа|дата|entrada|data/i,
  leave: /leave time|last leave|left|离开时间|离会时间|退会时间|退出时间|время выхода|saída|saida/i,
  country: /country|region|国家|地区|страна|país|pais/i,
  name: /name|姓名|名称|昵称|имя|фио|nome/i,
};

/** A first guess of which column holds what, from the headers' words in several languages. */
export function guessColumns(headers: string[], rows: string[][]): Partial<Record<ColumnRole, number>> {
  const guess: Partial<Record<ColumnRole, number>> = {};
  const taken = new Set<number>();
  for (const role of COLUMN_ROLES) {
    const index = headers.findIndex((header, i) => !taken.has(i) && HEADER_PATTERNS[role].test(header));
    if (index >= 0) {
      guess[role] = index;
      taken.add(index);
    }
  }
  // A file whose e-mail header says something else: take the column that holds addresses.
  if (guess.email === undefined) {
    const index = headers.findIndex((_, i) => rows.slice(0, 20).some((row) => looksLikeEmail(row[i] ?? "")));
    if (index >= 0) guess.email = index;
  }
  return guess;
}

/** Minutes from "45", "45.5", "0:45:00", "45:00" (mm:ss), "1h 5m", "1 小时 5 分钟", "1 ч 5 мин"; null if none. */
export function parseMinutes(value: string): number | null {
  const text = value.trim();
  if (text.length > MAX_DURATION_LENGTH) return null;
  if (/^\d+([.,]\d+)?$/.test(text)) return Number(text.replace(",", "."));
  const clock = /^(\d+):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (clock) {
    const [, a = "0", b = "0", c] = clock;
    return c === undefined ? Number(a) + Number(b) / 60 : Number(a) * 60 + Number(b) + Number(c) / 60;
  }
  // Each number with the word after it; the first number of each unit counts. One pass: every
  // match starts where the last one ended and never fails once it has begun, so it is linear.
  const found: Partial<Record<DurationUnit, number>> = {};
  for (const [, amount = "", word = ""] of text.matchAll(/(\d+(?:[.,]\d+)?)\s*(\p{L}*)/gu)) {
    const unit = DURATION_UNITS.get(word.toLowerCase());
    if (unit && found[unit] === undefined) found[unit] = Number(amount.replace(",", "."));
  }
  if (Object.keys(found).length === 0) return null;
  return (found.hours ?? 0) * 60 + (found.minutes ?? 0) + (found.seconds ?? 0) / 60;
}

/** A duration cell longer than this ("1 hour 59 minutes 59 seconds" is 28) holds no duration. */
const MAX_DURATION_LENGTH = 64;
type DurationUnit = "hours" | "minutes" | "seconds";
const DURATION_WORDS: Record<DurationUnit, string[]> = {
  hours: ["h", "hr", "hrs", "hour", "hours", "小时", "時", "ч", "час", "часа", "часов", "hora", "horas"],
  minutes: [
    "m",
    "min",
    "mins",
    "minute",
    "minutes",
    "分",
    "分钟",
    "分鐘",
    "мин",
    "минут",
    "минуты",
    "minuto",
    "minutos",
  ],
  seconds: ["s", "sec", "secs", "second", "seconds", "秒", "с", "сек", "секунд", "segundo", "segundos"],
};
const DURATION_UNITS = new Map(
  Object.entries(DURATION_WORDS).flatMap(([unit, words]) => words.map((word) => [word, unit as DurationUnit])),
);

/** The calendar date in a join-time cell: "2026-11-20 09:01", "2026/11/20", "11/20/2026 9:01 AM", "20/11/2026", "20.11.2026". */
export function parseDay(value: string): string | null {
  return matchDate(value.trim())?.day ?? null;
}

/**
 * The wall-clock date and time in a join- or leave-time cell ("2026-11-20 09:01:33", "11/20/2026
 * 2:05:10 PM", "2026年11月20日 下午2:05"): the date, and the seconds since that day's midnight.
 * Null when the cell holds no time of day. The zone is not in the file; the caller reads it in
 * the session's own zone.
 */
export function parseWallClock(value: string): { day: string; secondOfDay: number } | null {
  const date = matchDate(value.trim());
  if (!date) return null;
  const time = /^[\sT日]*(上午|下午)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?/.exec(date.rest);
  if (!time) return null;
  let hours = Number(time[2]);
  const minutes = Number(time[3]);
  const seconds = Number(time[4] ?? 0);
  const afternoon = time[1] === "下午" || /^p/i.test(time[5] ?? "");
  const morning = time[1] === "上午" || /^a/i.test(time[5] ?? "");
  if ((afternoon || morning) && (hours < 1 || hours > 12)) return null;
  if (afternoon && hours < 12) hours += 12;
  if (morning && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  return { day: date.day, secondOfDay: hours * 3600 + minutes * 60 + seconds };
}

function matchDate(text: string): { day: string; rest: string } | null {
  const pad = (n: string) => n.padStart(2, "0");
  const valid = (y: string, m: string, d: string, length: number) => {
    const day = `${y}-${pad(m)}-${pad(d)}`;
    const date = new Date(`${day}T12:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day
      ? { day, rest: text.slice(length) }
      : null;
  };
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/.exec(text);
  if (m) return valid(m[1] ?? "", m[2] ?? "", m[3] ?? "", m[0].length);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(text);
  // Month first (Zoom's US format) unless the first number cannot be a month (20/11/2026).
  if (m)
    return Number(m[1]) > 12
      ? valid(m[3] ?? "", m[2] ?? "", m[1] ?? "", m[0].length)
      : valid(m[3] ?? "", m[1] ?? "", m[2] ?? "", m[0].length);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})/.exec(text);
  if (m) return valid(m[3] ?? "", m[2] ?? "", m[1] ?? "", m[0].length);
  return null;
}
