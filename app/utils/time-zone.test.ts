import { describe, expect, it } from "vitest";
import { isValidTimeZone, localDate, zonedLocalToUtc } from "./time-zone";

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
