import { describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import {
  csvLine,
  csvLineWriter,
  dateCell,
  neutralizeFormula,
  percentCell,
  rememberEncoding,
  toCsv,
  type Cell,
} from "./spreadsheet";

describe("neutralizeFormula", () => {
  it("keeps text that a spreadsheet would run as a formula as text", () => {
    for (const dangerous of ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx"])
      expect(neutralizeFormula(dangerous)).toBe(`'${dangerous}`);
    expect(neutralizeFormula("Ana Souza")).toBe("Ana Souza");
    expect(neutralizeFormula("厦门大学")).toBe("厦门大学");
  });
});

describe("toCsv", () => {
  it("starts with a BOM, quotes every text, leaves numbers as numbers", () => {
    expect(
      toCsv([
        ["name", "n"],
        ['Ana "A", Souza', 3],
        ["=cmd", null],
      ]),
    ).toBe('\uFEFF"name","n"\r\n"Ana ""A"", Souza",3\r\n"\'=cmd",\r\n');
  });

  it("keeps a name with semicolons one text field for a reader that splits on ';'", () => {
    // As LibreOffice or Excel in a Russian locale read it: ";" separates, quotes still group.
    const records = parse(toCsv([["Ivan;=1+1;", "=2+2"]]).slice(1), {
      delimiter: ";",
      relax_quotes: true,
    }) as string[][];
    for (const cell of records.flat()) expect(cell).not.toMatch(/^[=+\-@]/);
    expect(records.flat()[0]).toContain("Ivan;=1+1;");
  });
});

describe("csvLineWriter", () => {
  it("writes each record as csvLine does, texts repeated over the rows included", () => {
    const rows: Cell[][] = [
      [1, "Smart manufacturing", dateCell("2026-11-20"), "=1+1", null, percentCell(0.5)],
      [2, "Smart manufacturing", dateCell("2026-11-21"), 'say "hi", then', "Ivan;=1+1;", percentCell(null)],
      [3, "=1+1", dateCell("2026-11-22"), "Smart manufacturing", "", 0],
    ];
    const line = csvLineWriter();
    expect(rows.map(line)).toEqual(rows.map(csvLine));
    expect(rows.map(line)).toEqual(rows.map(csvLine));
  });
});

describe("rememberEncoding", () => {
  it("encodes each text once until its limit, then starts again", () => {
    const calls: string[] = [];
    const encode = rememberEncoding((text) => {
      calls.push(text);
      return text.toUpperCase();
    }, 2);
    expect(["a", "b", "a", "b"].map(encode)).toEqual(["A", "B", "A", "B"]);
    expect(calls).toEqual(["a", "b"]);
    expect(encode("c")).toBe("C");
    expect(encode("a")).toBe("A");
    expect(calls).toEqual(["a", "b", "c", "a"]);
  });
});
