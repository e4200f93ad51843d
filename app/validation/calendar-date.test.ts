import { describe, expect, it } from "vitest";
import { isCalendarDate, isCalendarDateTime } from "./calendar-date";

describe("calendar dates", () => {
  it.each([
    "2027-02-30",
    "2026-02-29",
    "2027-04-31",
    "0099-01-01",
    "0000-01-01",
    "2027-13-01",
    "2027-00-10",
    "2027-1-1",
  ])("refuses %s, which no calendar has", (value) => expect(isCalendarDate(value)).toBe(false));

  it.each(["2028-02-29", "2027-12-31", "1900-01-01", "2200-12-31"])("takes %s", (value) =>
    expect(isCalendarDate(value)).toBe(true),
  );

  it("refuses a time of day that does not exist", () => {
    expect(isCalendarDateTime("2027-03-01T24:00")).toBe(false);
    expect(isCalendarDateTime("2027-03-01T09:60")).toBe(false);
    expect(isCalendarDateTime("2027-02-30T09:00")).toBe(false);
    expect(isCalendarDateTime("2027-03-01T23:59")).toBe(true);
  });
});
