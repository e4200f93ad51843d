/** True when the runtime knows the IANA zone, e.g. "Asia/Shanghai". */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

// Building an Intl formatter costs far more than using one; calendars and lists call this often.
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields (year … second, zero-padded) of an instant in a zone. */
function wallClockParts(instant: Date, zone: string) {
  let formatter = wallClockFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClockFormatters.set(zone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  return (type: "year" | "month" | "day" | "hour" | "minute" | "second") =>
    parts.find((p) => p.type === type)?.value ?? "00";
}

/** The zone's offset from UTC at an instant, in milliseconds (e.g. +8 h for Asia/Shanghai). */
export function zoneOffsetMs(instant: Date, zone: string): number {
  const part = wallClockParts(instant, zone);
  const get = (type: "year" | "month" | "day" | "hour" | "minute" | "second") => Number(part(type));
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant when a wall-clock time ("2021-05-25T09:00") happens in a zone.
 * Checks the offset twice so times next to a daylight-saving change land right.
 */
export function zonedLocalToUtc(local: string, zone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) throw new Error(`Not a local date-time: ${local}`);
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wallClock = Date.UTC(y, mo - 1, d, h, mi);
  const first = wallClock - zoneOffsetMs(new Date(wallClock), zone);
  const second = wallClock - zoneOffsetMs(new Date(first), zone);
  return new Date(second);
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  // Making a formatter costs a hundred times more than using one: pages call this per session.
  let formatter = dateFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormatters.set(zone, formatter);
  }
  return formatter.format(instant);
}

/** The wall-clock time ("2026-12-02T15:00") of an instant in a zone, for a datetime-local input. */
export function utcToZonedLocal(instant: Date, zone: string): string {
  const get = wallClockParts(instant, zone);
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/** The calendar date (YYYY-MM-DD) `days` after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  // At UTC noon, which no zone offset and no leap second can push to another date.
  return new Date(Date.parse(`${day}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The calendar dates (YYYY-MM-DD) a session spans in its own zone, first to last: the days on
 * which attendance is taken. A session from 9:00 on the 25th to 17:00 on the 27th has three.
 */
export function sessionDays(startsAt: Date, endsAt: Date, zone: string): string[] {
  const first = localDate(startsAt, zone);
  const last = localDate(endsAt, zone);
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}
