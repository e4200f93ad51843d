import fc from "fast-check";
import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { turnsOfOtherWorkDuring } from "../../tests/support/turns";
import {
  IMPORT_LIMITS,
  looksLikeEmail,
  parseMinutes,
  READ_SLICE_BYTES,
  readAttendanceFile,
} from "./attendance-file.server";

/**
 * The parsers see whatever a staff member uploads. These inputs made the old regular expressions
 * backtrack for seconds (a 30 KB CSV blocked the server 11 s); each call must stay far below the
 * 100 ms a request may hold the event loop. The bound is generous (a linear parse takes well
 * under 5 ms here): it tells linear from quadratic, not fast from slow.
 */
const BOUND_MS = 100;
function elapsedMs(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

const hostileCells = [
  "a@" + ".".repeat(40_000),
  "a@" + "a.".repeat(20_000) + "@",
  "@".repeat(40_000),
  "a".repeat(40_000) + "@",
  "1".repeat(40_000),
  "1".repeat(40_000) + "x",
  "1 ".repeat(20_000),
  "1.1".repeat(13_000) + "h",
  "1:".repeat(20_000),
];

describe("attendance cells built to make a parser backtrack", () => {
  it.each(hostileCells.map((cell) => [cell.slice(0, 12), cell]))("reads %j… in linear time", (_, cell) => {
    expect(elapsedMs(() => looksLikeEmail(cell))).toBeLessThan(BOUND_MS);
    expect(elapsedMs(() => parseMinutes(cell))).toBeLessThan(BOUND_MS);
  });

  it("reads any string of digits, separators, units and '@' within the bound, and agrees with itself", () => {
    const piece = fc.constantFrom("1", "12", ".", ",", ":", " ", "@", "a", "h", "min", "s", "小时", "мин", "\t");
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 4_000 }), (pieces) => {
        const cell = pieces.join("");
        expect(elapsedMs(() => looksLikeEmail(cell))).toBeLessThan(BOUND_MS);
        expect(elapsedMs(() => parseMinutes(cell))).toBeLessThan(BOUND_MS);
        const minutes = parseMinutes(cell);
        expect(minutes === null || (Number.isFinite(minutes) && minutes >= 0)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("still reads what real exports write", () => {
    expect(looksLikeEmail(" ana.souza@ufrj.br ")).toBe(true);
    expect(looksLikeEmail("ana@localhost")).toBe(false);
    expect(looksLikeEmail("ana@@ufrj.br")).toBe(false);
    expect(looksLikeEmail("ana souza@ufrj.br")).toBe(false);
    expect(parseMinutes("1 hour 5 minutes")).toBe(65);
    expect(parseMinutes("1h5m30s")).toBe(65.5);
    expect(parseMinutes("2 horas")).toBe(120);
    expect(parseMinutes("90 ms")).toBeNull();
  });

  it("reads a 30 KB CSV of hostile cells without holding the event loop", async () => {
    const rows = [
      "Name,Email,Duration",
      ...Array.from({ length: 300 }, () => `x,${"a@" + ".".repeat(100)},${"1".repeat(100)}`),
    ];
    const bytes = Buffer.from(rows.join("\n"));
    const start = performance.now();
    const result = await readAttendanceFile(bytes, "hostile.csv");
    expect(performance.now() - start).toBeLessThan(1_000);
    expect(result).toEqual({ ok: false, problem: "no_email_column" });
  });
});

describe("attendance files built to exhaust memory", () => {
  const csv = (lines: string[]) => Buffer.from(lines.join("\n"));
  const header = "Name,Email,Duration";

  it("refuses a header of 3,000 columns before padding any row to it", async () => {
    const wide = [Array.from({ length: 3_000 }, (_, i) => `c${i}`).join(","), "a,ana@ufrj.br,45"];
    expect(await readAttendanceFile(csv(wide), "wide.csv")).toEqual({ ok: false, problem: "too_many_columns" });
  });

  it("refuses a cell longer than any attendance export writes", async () => {
    const long = [header, `${"x".repeat(IMPORT_LIMITS.cellCharacters + 1)},ana@ufrj.br,45`];
    expect(await readAttendanceFile(csv(long), "long.csv")).toEqual({ ok: false, problem: "cell_too_long" });
  });

  it("stops reading a file with too many rows at the cap", async () => {
    const many = [
      header,
      ...Array.from(
        { length: IMPORT_LIMITS.rows + IMPORT_LIMITS.preambleRows + 10 },
        (_, i) => `p${i},p${i}@ufrj.br,45`,
      ),
    ];
    expect(await readAttendanceFile(csv(many), "many.csv")).toEqual({ ok: false, problem: "too_many_rows" });
  });

  it("refuses a spreadsheet whose parts declare more than 50 MB unpacked, before unpacking it", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Participants").addRows([
      ["Name", "Email"],
      ["Ana", "ana@ufrj.br"],
    ]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(await readAttendanceFile(bytes, "small.xlsx")).toMatchObject({ ok: true });
    // The first central-directory entry now declares 2 GB, as a zip bomb's would.
    const central = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(0x7fffffff, central + 24);
    expect(await readAttendanceFile(bytes, "bomb.xlsx")).toEqual({ ok: false, problem: "too_large_unpacked" });
  });
  it("refuses a spreadsheet that repeats one long shared string into more text than any CSV upload", async () => {
    // 100 KB on disk: 2,000 rows of 20 cells that all point at one 1,000-character string.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Participants");
    sheet.addRow(["Email", ...Array.from({ length: 20 }, (_, i) => `Note ${i}`)]);
    const long = "y".repeat(IMPORT_LIMITS.cellCharacters);
    for (let i = 0; i < 2_000; i++) sheet.addRow([`p${i}@ufrj.br`, ...Array<string>(20).fill(long)]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(bytes.length).toBeLessThan(200_000);
    expect(await readAttendanceFile(bytes, "shared.xlsx")).toEqual({ ok: false, problem: "too_much_text" });
  });
});

describe("reading a large file", () => {
  const rows = (count: number) =>
    Array.from({ length: count }, (_, i) => [`Participant ${i} ${"x".repeat(100)}`, `p${i}@ufrj.br`, "45"]);

  it("lets other work run after every slice of a CSV: no upload holds the server from start to end", async () => {
    const csv = Buffer.from(["Name,Email,Minutes", ...rows(50_000).map((row) => row.join(","))].join("\n"));
    let result: Awaited<ReturnType<typeof readAttendanceFile>> | undefined;
    const turns = await turnsOfOtherWorkDuring(async () => (result = await readAttendanceFile(csv, "large.csv")));
    expect(result).toMatchObject({ ok: true, table: { rows: { length: 50_000 } } });
    expect(turns).toBeGreaterThanOrEqual(Math.floor(csv.length / READ_SLICE_BYTES));
  });

  it("lets other work run while a spreadsheet is unpacked", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Participants").addRows([["Name", "Email", "Minutes"], ...rows(20_000)]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    let result: Awaited<ReturnType<typeof readAttendanceFile>> | undefined;
    const turns = await turnsOfOtherWorkDuring(async () => (result = await readAttendanceFile(bytes, "large.xlsx")));
    expect(result).toMatchObject({ ok: true, table: { rows: { length: 20_000 } } });
    expect(turns).toBeGreaterThanOrEqual(Math.floor(bytes.length / READ_SLICE_BYTES));
  });
});

describe("any file at all", () => {
  const PROBLEMS = [
    "unreadable",
    "no_email_column",
    "too_many_rows",
    "too_many_columns",
    "cell_too_long",
    "too_large_unpacked",
    "too_much_text",
  ];
  const expectAnswer = (result: Awaited<ReturnType<typeof readAttendanceFile>>) => {
    if (!result.ok) expect(PROBLEMS).toContain(result.problem);
    else for (const row of result.table.rows) expect(row).toHaveLength(result.table.headers.length);
  };

  it("gets a table or a named problem for CSV of any shape: quotes, separators, byte-order marks, control characters", async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('"', '""', '"a,b"', "\r", "\n", "\t", ";", "\u0000", "\uFEFF", "ana@ufrj.br", "1h 5m", "=1+1"),
    );
    const csv = fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(csv, fc.constantFrom(",", ";", "\t"), fc.boolean(), async (rows, separator, bom) => {
        const text = (bom ? "\uFEFF" : "") + rows.map((row) => row.join(separator)).join("\r\n");
        expectAnswer(await readAttendanceFile(Buffer.from(text), "fuzz.csv"));
      }),
      { numRuns: 200 },
    );
  });

  it("gets a table or a named problem for a damaged spreadsheet, and never throws or hangs", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet("Participants")
      .addRows([
        ["Name", "Email", "Minutes"],
        ...Array.from({ length: 30 }, (_, i) => [`P ${i}`, `p${i}@ufrj.br`, 45]),
      ]);
    const good = Buffer.from(await workbook.xlsx.writeBuffer());
    const damage = fc.array(fc.record({ at: fc.nat({ max: good.length - 1 }), byte: fc.nat({ max: 255 }) }), {
      minLength: 1,
      maxLength: 20,
    });
    // Mostly damaged in place (one flipped byte inside a packed part once made the reader wait
    // forever), sometimes cut short as an interrupted upload is.
    const cut = fc.option(fc.nat({ max: good.length }), { freq: 4 });
    await fc.assert(
      fc.asyncProperty(damage, cut, async (changes, length) => {
        const bytes = Buffer.from(good.subarray(0, length ?? good.length));
        for (const { at, byte } of changes) if (at < bytes.length) bytes[at] = byte;
        expectAnswer(await readAttendanceFile(bytes, "damaged.xlsx"));
      }),
      { numRuns: 150 },
    );
  });
});

describe("real meeting tools' exports", () => {
  it("finds the participants' header under Zoom's meeting summary (export 'with meeting data')", async () => {
    const zoom = [
      "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants",
      "812 3456 7890,BRICS training,11/20/2026 09:00:00 AM,11/20/2026 11:00:00 AM,host@ufrj.br,120,3",
      "",
      "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest",
      "Ana Souza,ana@ufrj.br,11/20/2026 09:01:00 AM,11/20/2026 10:58:00 AM,117,No",
      "Guest 7,,11/20/2026 09:05:00 AM,11/20/2026 09:30:00 AM,25,Yes",
      "Ivan Petrov,ivan@spbu.ru,11/20/2026 09:02:00 AM,11/20/2026 10:59:00 AM,117,No",
    ].join("\r\n");
    const result = await readAttendanceFile(Buffer.from(zoom), "participants_812.csv");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.table.headers[1]).toBe("User Email");
    expect(result.table.rows.map((row) => row[1])).toEqual(["ana@ufrj.br", "", "ivan@spbu.ru"]);
  });

  it("reads GBK (Tencent Meeting) and UTF-16 without a byte-order mark", async () => {
    // 姓名,邮箱,时长 / 张伟,… in GBK.
    const gbk = Buffer.concat([
      Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xd3, 0xca, 0xcf, 0xe4, 0x2c, 0xca, 0xb1, 0xb3, 0xa4, 0x0a]),
      Buffer.from([0xd5, 0xc5, 0xce, 0xb0]),
      Buffer.from(",zhang.wei@xmu.edu.cn,45\n"),
    ]);
    const fromGbk = await readAttendanceFile(gbk, "腾讯会议.csv");
    expect(fromGbk).toEqual({
      ok: true,
      table: { preamble: [], headers: ["姓名", "邮箱", "时长"], rows: [["张伟", "zhang.wei@xmu.edu.cn", "45"]] },
    });
    const text = "Имя,Почта,Минут\nАнна,anna@spbu.ru,50\n";
    for (const bytes of [Buffer.from(text, "utf16le"), Buffer.from(text, "utf16le").swap16()]) {
      const read = await readAttendanceFile(bytes, "export.csv");
      expect(read).toEqual({
        ok: true,
        table: { preamble: [], headers: ["Имя", "Почта", "Минут"], rows: [["Анна", "anna@spbu.ru", "50"]] },
      });
    }
  });
});
