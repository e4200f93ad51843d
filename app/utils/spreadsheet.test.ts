import { describe, expect, it } from "vitest";
import { neutralizeFormula, toCsv } from "./spreadsheet";

describe("neutralizeFormula", () => {
  it("keeps text that a spreadsheet would run as a formula as text", () => {
    for (const dangerous of ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "\nx"])
      expect(neutralizeFormula(dangerous)).toBe(`'${dangerous}`);
    expect(neutralizeFormula("Ana Souza")).toBe("Ana Souza");
    expect(neutralizeFormula("厦门大学")).toBe("厦门大学");
  });
});

describe("toCsv", () => {
  it("starts with a BOM, quotes what needs it, leaves numbers as numbers", () => {
    expect(
      toCsv([
        ["name", "n"],
        ['Ana "A", Souza', 3],
        ["=cmd", null],
      ]),
    ).toBe('\uFEFFname,n\r\n"Ana ""A"", Souza",3\r\n\'=cmd,\r\n');
  });
});
