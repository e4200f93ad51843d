import { describe, expect, it } from "vitest";
import { addDays, isValidTimeZone, localDate, sessionDays, zonedLocalToUtc } from "./time-zone";

describe("zonedLocalToUtc", () => {
  it("turns Xiamen wall-clock time into UTC (UTC+8, no daylight saving)", () => {
    expect(zonedLocalToUtc("2021-05-25T09:00", "Asia/Shanghai").toISOString()).toBe("2021-05-25T01:00:00.000Z");
  });

  it("handles zones west of Greenwich", () => {
    expect(zonedLocalToUtc("2021-04-29T09:00", "America/Sao_Paulo").toISOString()).toBe("2021-04-29T12:00:00.000Z");
  });

  it("handles half-hour offsets", () => {
    expect(zonedLocalToUtc("2026-12-05T19:00", "Asia/Kolkata").toISOString()).toBe("2026-12-05T13:30:00.000Z");
  });

  it("uses the summer offset after a daylight-saving change", () => {
    expect(zonedLocalToUtc("2026-03-29T12:00", "Europe/Berlin").toISOString()).toBe("2026-03-29T10:00:00.000Z");
    expect(zonedLocalToUtc("2026-03-28T12:00", "Europe/Berlin").toISOString()).toBe("2026-03-28T11:00:00.000Z");
  });

  it("refuses text that is not a local date-time", () => {
    expect(() => zonedLocalToUtc("tomorrow", "Asia/Shanghai")).toThrow();
  });
});

describe("localDate", () => {
  it("gives the calendar date in the session's zone, not in UTC", () => {
    expect(localDate(new Date("2021-05-24T17:00:00Z"), "Asia/Shanghai")).toBe("2021-05-25");
  });
});

describe("isValidTimeZone", () => {
  it("accepts IANA zones and refuses made-up ones", () => {
    expect(isValidTimeZone("Africa/Johannesburg")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});

describe("calendar dates", () => {
  it("adds and takes away days across months, years and 29 February", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30"); // daylight saving begins in Europe that night
    expect(addDays("2026-12-07", 0)).toBe("2026-12-07");
  });

  it("lists the days a session spans in its zone, an evening past midnight included", () => {
    const startsAt = zonedLocalToUtc("2026-12-31T22:00", "Asia/Shanghai");
    const endsAt = zonedLocalToUtc("2027-01-01T02:00", "Asia/Shanghai");
    expect(sessionDays(startsAt, endsAt, "Asia/Shanghai")).toEqual(["2026-12-31", "2027-01-01"]);
    expect(sessionDays(startsAt, endsAt, "America/Sao_Paulo")).toEqual(["2026-12-31"]);
  });
});
