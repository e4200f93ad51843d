/**
 * iCalendar (RFC 5545) files for places in training sessions: one event per place, times in
 * the session's own zone with a VTIMEZONE built from the runtime's time-zone data (Intl), so
 * calendars show the right instant even across daylight-saving changes.
 * See docs/decisions/0006-icalendar-written-here.md.
 */
import { zoneOffsetMs } from "./time-zone";

export type CalendarEventStatus = "CONFIRMED" | "TENTATIVE" | "CANCELLED";

export type CalendarEvent = {
  uid: string;
  start: Date;
  end: Date;
  timeZone: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status: CalendarEventStatus;
  /** Grows each time the event changes, so calendar apps replace their copy. */
  sequence?: number;
};

const CRLF = "\r\n";
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11): CRLF, a lone
 * LF and a lone CR each become "\n". Other control characters are not allowed in TEXT at all
 * (§3.1: CONTROL except HTAB) and are dropped.
 */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, "\\\\")
      .replace(/;/g, "\\;")
      .replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n")
      // eslint-disable-next-line no-control-regex -- the characters RFC 5545 TEXT cannot hold
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
  );
}

/**
 * Folds a content line at 75 octets (§3.1), never inside a UTF-8 character: continuation lines
 * start with a space.
 */
export function foldLine(line: string): string {
  // Most lines are short ASCII: nothing to fold.
  if (line.length <= 75 && /^[\x20-\x7e]*$/.test(line)) return line;
  const pieces: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0) ?? 0);
    const limit = pieces.length === 0 ? 75 : 74; // the leading space counts
    if (octets + size > limit) {
      pieces.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join(`${CRLF} `);
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** 20261201T013000Z */
function utcStamp(instant: Date): string {
  return (
    `${instant.getUTCFullYear()}${pad(instant.getUTCMonth() + 1)}${pad(instant.getUTCDate())}` +
    `T${pad(instant.getUTCHours())}${pad(instant.getUTCMinutes())}${pad(instant.getUTCSeconds())}Z`
  );
}

/** The wall-clock time of an instant at a fixed offset, as a local DATE-TIME (no Z). */
function localStamp(instant: Date, offsetMs: number): string {
  return utcStamp(new Date(instant.getTime() + offsetMs)).slice(0, -1);
}

/** +0800, -0300, +0530 */
function offsetText(offsetMs: number): string {
  const sign = offsetMs < 0 ? "-" : "+";
  const minutes = Math.abs(offsetMs) / 60_000;
  return `${sign}${pad(Math.floor(minutes / 60))}${pad(minutes % 60)}`;
}

type Transition = { at: Date; from: number; to: number };

/** Offset changes of a zone between two instants, found by daily steps then bisection to the minute. */
function transitions(zone: string, from: Date, to: Date): Transition[] {
  const found: Transition[] = [];
  let previous = from.getTime();
  let previousOffset = zoneOffsetMs(from, zone);
  for (let t = previous + DAY_MS; t <= to.getTime() + DAY_MS; t += DAY_MS) {
    const offset = zoneOffsetMs(new Date(t), zone);
    if (offset !== previousOffset) {
      let low = previous;
      let high = t;
      while (high - low > 60_000) {
        const middle = low + Math.floor((high - low) / 2);
        if (zoneOffsetMs(new Date(middle), zone) === previousOffset) low = middle;
        else high = middle;
      }
      found.push({ at: new Date(Math.floor(high / 60_000) * 60_000), from: previousOffset, to: offset });
      previousOffset = offset;
    }
    previous = t;
  }
  return found;
}

/**
 * A VTIMEZONE covering the given span: the offset in force at its start, then every change in
 * it. Zones without daylight saving (Asia/Shanghai, Europe/Moscow, America/Sao_Paulo today) get
 * a single STANDARD observance.
 */
export function vtimezone(zone: string, from: Date, to: Date): string[] {
  // A day of margin so the observance in force at the first event is always included.
  const spanStart = new Date(from.getTime() - DAY_MS);
  const initial = zoneOffsetMs(spanStart, zone);
  const changes = transitions(zone, spanStart, to);
  const standardOffset = Math.min(initial, ...changes.map((c) => c.to));
  const observance = (start: string, offsetFrom: number, offsetTo: number) => {
    const kind = offsetTo > standardOffset ? "DAYLIGHT" : "STANDARD";
    return [
      `BEGIN:${kind}`,
      `DTSTART:${start}`,
      `TZOFFSETFROM:${offsetText(offsetFrom)}`,
      `TZOFFSETTO:${offsetText(offsetTo)}`,
      `END:${kind}`,
    ];
  };
  return [
    "BEGIN:VTIMEZONE",
    `TZID:${zone}`,
    ...observance(localStamp(spanStart, initial), initial, initial),
    // An observance starts at the wall-clock time of the change in the offset before it.
    ...changes.flatMap((c) => observance(localStamp(c.at, c.from), c.from, c.to)),
    "END:VTIMEZONE",
  ];
}

function eventLines(event: CalendarEvent, stamp: Date): string[] {
  const lines = [
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(stamp)}`,
    `DTSTART;TZID=${event.timeZone}:${localStamp(event.start, zoneOffsetMs(event.start, event.timeZone))}`,
    `DTEND;TZID=${event.timeZone}:${localStamp(event.end, zoneOffsetMs(event.end, event.timeZone))}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `STATUS:${event.status}`,
    `SEQUENCE:${event.sequence ?? 0}`,
  ];
  if (event.description) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${event.url}`);
  if (event.status === "CANCELLED") lines.push("TRANSP:TRANSPARENT");
  lines.push("END:VEVENT");
  return lines;
}

/** A whole calendar: one VTIMEZONE per zone used, then the events. */
export function buildCalendar({
  name,
  events,
  stamp = new Date(),
}: {
  name: string;
  events: CalendarEvent[];
  stamp?: Date;
}): string {
  const zones = new Map<string, { from: Date; to: Date }>();
  for (const event of events) {
    const span = zones.get(event.timeZone);
    zones.set(event.timeZone, {
      from: span && span.from < event.start ? span.from : event.start,
      to: span && span.to > event.end ? span.to : event.end,
    });
  }
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//BRICS Training Alliance Xiamen//Enrollment//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(name)}`,
    ...[...zones].flatMap(([zone, span]) => vtimezone(zone, span.from, span.to)),
    ...events.flatMap((event) => eventLines(event, stamp)),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
