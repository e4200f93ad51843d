import { describe, expect, it } from "vitest";
import { parseIdParam, safeRedirectPath } from "./http.server";

async function statusOf(fn: () => unknown): Promise<number | undefined> {
  try {
    fn();
    return undefined;
  } catch (thrown) {
    return (thrown as { init?: { status?: number } }).init?.status;
  }
}

describe("parseIdParam", () => {
  it("accepts a positive whole number", () => {
    expect(parseIdParam("42")).toBe(42);
  });

  it.each(["0", "-1", "abc", "1.5", "", "01", "99999999999999999999"])("answers 404 for %j", async (value) => {
    expect(await statusOf(() => parseIdParam(value))).toBe(404);
  });
});

describe("safeRedirectPath", () => {
  it("keeps a path on this site", () => {
    expect(safeRedirectPath("/catalog?mode=online")).toBe("/catalog?mode=online");
  });

  it.each([
    "https://evil.example",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    "/" + "a".repeat(2_001),
    42,
    null,
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });

  it("answers a path a header can carry, whatever characters were sent", () => {
    expect(safeRedirectPath("/catalog?q=Брикс")).toBe("/catalog?q=%D0%91%D1%80%D0%B8%D0%BA%D1%81");
    expect(safeRedirectPath("/courses/1\n")).toBe("/courses/1");
    expect(safeRedirectPath("/中文")).toBe("/%E4%B8%AD%E6%96%87");
  });
});
