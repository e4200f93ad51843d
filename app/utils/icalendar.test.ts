import fc from "fast-check";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine, type CalendarEvent } from "./icalendar";

function parseEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents("vevent").map((component) => new ICAL.Event(component));
}

const base: CalendarEvent = {
  uid: "registration-1@test",
  start: new Date("2026-12-01T01:00:00Z"),
  end: new Date("2026-12-03T09:00:00Z"),
  timeZone: "Asia/Shanghai",
  summary: "Smart manufacturing, Xiamen; day one, two",
  status: "CONFIRMED",
};

describe("buildCalendar", () => {
  it("writes events a real iCalendar parser reads back at the same instants", () => {
    const text = buildCalendar({ name: "My training", events: [base] });
    const [event] = parseEvents(text);
    expect(event?.startDate.toJSDate().toISOString()).toBe("2026-12-01T01:00:00.000Z");
    expect(event?.endDate.toJSDate().toISOString()).toBe("2026-12-03T09:00:00.000Z");
    expect(event?.startDate.zone?.tzid).toBe("Asia/Shanghai");
    expect(event?.summary).toBe(base.summary);
    expect(text).toContain("DTSTART;TZID=Asia/Shanghai:20261201T090000");
  });

  it("gets the instant right on both sides of a daylight-saving change", () => {
    const winter = {
      ...base,
      uid: "a@test",
      timeZone: "Europe/Berlin",
      start: new Date("2026-03-28T10:00:00Z"),
      end: new Date("2026-03-28T12:00:00Z"),
    };
    const summer = {
      ...base,
      uid: "b@test",
      timeZone: "Europe/Berlin",
      start: new Date("2026-03-30T08:00:00Z"),
      end: new Date("2026-03-30T10:00:00Z"),
    };
    const text = buildCalendar({ name: "DST", events: [winter, summer] });
    expect(text).toContain("DTSTART;TZID=Europe/Berlin:20260328T110000");
    expect(text).toContain("DTSTART;TZID=Europe/Berlin:20260330T100000");
    expect(text).toContain("BEGIN:DAYLIGHT");
    const parsed = parseEvents(text);
    expect(parsed.map((e) => e.startDate.toJSDate().toISOString())).toEqual([
      "2026-03-28T10:00:00.000Z",
      "2026-03-30T08:00:00.000Z",
    ]);
  });

  it("marks cancelled places as cancelled events", () => {
    const text = buildCalendar({ name: "x", events: [{ ...base, status: "CANCELLED" }] });
    const [event] = parseEvents(text);
    expect(event?.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  it("ends every line with CRLF and keeps lines within 75 octets", () => {
    const long = { ...base, description: "厦门金砖新工业能力提升培训基地联盟".repeat(10) };
    const text = buildCalendar({ name: "x", events: [long] });
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    for (const line of lines) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(text.replace(/\r\n/g, "")).not.toContain("\n");
    const [event] = parseEvents(text);
    expect(event?.description).toBe(long.description);
  });
});

describe("titles with hostile characters", () => {
  // Line breaks of every kind, tabs and other control characters among ordinary text.
  const hostile = fc
    .array(
      fc.oneof(
        fc.constantFrom("\r", "\n", "\r\n", "\t", "\u0000", "\u001b", "\u007f", ";", ",", "\\", ":", "𠮷"),
        fc.string({ unit: "grapheme", maxLength: 8 }),
      ),
      { maxLength: 40 },
    )
    .map((pieces) => pieces.join(""));

  it("keeps every title inside its own property, as a real parser reads it back", () => {
    fc.assert(
      fc.property(hostile, (title) => {
        const text = buildCalendar({ name: title, events: [{ ...base, summary: title, location: title }] });
        // Every line break is a CRLF that ends a content line; nothing else breaks a line.
        expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
        for (const line of text.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
        const [event] = parseEvents(text);
        // eslint-disable-next-line no-control-regex -- the characters RFC 5545 TEXT cannot hold
        const expected = title.replace(/\r\n|\r/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
        expect(event?.summary).toBe(expected);
        expect(event?.location ?? "").toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("escapes a lone carriage return instead of passing it into the file", () => {
    expect(escapeText("Opening\rBEGIN:VEVENT")).toBe("Opening\\nBEGIN:VEVENT");
  });
});

describe("escapeText and foldLine", () => {
  it("escapes the characters RFC 5545 reserves", () => {
    expect(escapeText("a,b;c\\d\ne")).toBe("a\\,b\\;c\\\\d\\ne");
  });

  it("never splits a multi-byte character", () => {
    const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    // 𠮷 lies outside the BMP: four UTF-8 octets, two UTF-16 code units. The lone "a" shifts every
    // following character by one octet, so boundaries fall inside 2-, 3- and 4-octet characters.
    const value = `SUMMARY:a${"𠮷金é".repeat(30)}`;
    const folded = foldLine(value);
    const pieces = folded.split("\r\n");
    for (const [index, piece] of pieces.entries()) {
      expect(piece, `piece ${index} holds half a surrogate pair`).not.toMatch(LONE_SURROGATE);
      expect(Buffer.byteLength(piece), `piece ${index}`).toBeLessThanOrEqual(75);
      expect(Buffer.from(piece, "utf8").toString("utf8")).toBe(piece);
    }
    expect(folded.replace(/\r\n /g, "")).toBe(value);
    expect(pieces).toHaveLength(4); // 270 octets
  });
});
