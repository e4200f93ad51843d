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

  it.each(["https://evil.example", "//evil.example", "/\\evil.example", 42, null])("refuses %j", (value) => {
    expect(safeRedirectPath(value)).toBe("/");
  });
});
