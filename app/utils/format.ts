// Making an Intl formatter costs far more than using one; pages and mail format many dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

/** Formats an instant as a date and time in the given zone, labelled with the zone's short name. */
export function formatDateTime(value: Date, locale: string, timeZone: string): string {
  return (
    dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(value) +
    ` (${timeZoneLabel(value, locale, timeZone)})`
  );
}

/** Formats an instant's calendar date in the given zone. */
export function formatDate(value: Date, locale: string, timeZone: string): string {
  return dateTimeFormat(locale, { dateStyle: "medium", timeZone }).format(value);
}

/** "GMT+8", "GMT-3": a label that means the same in every language. */
export function timeZoneLabel(value: Date, locale: string, timeZone: string): string {
  const part = dateTimeFormat(locale, { timeZone, timeZoneName: "shortOffset" })
    .formatToParts(value)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

const ranges = new Map<string, string>();

/** A start–end range in one zone, e.g. "25 May 2021, 09:00 – 27 May 2021, 17:00 (GMT+8)". */
export function formatRange(start: Date, end: Date, locale: string, timeZone: string): string {
  // ICU's formatRange takes some 75 µs, and a catalog page shows the same sessions' ranges to
  // everyone, up to four times each: remember the text (sessions are few; the map is bounded).
  const key = `${start.getTime()}|${end.getTime()}|${locale}|${timeZone}`;
  let text = ranges.get(key);
  if (text === undefined) {
    const format = dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone });
    text = `${format.formatRange(start, end)} (${timeZoneLabel(start, locale, timeZone)})`;
    if (ranges.size >= 20_000) ranges.clear();
    ranges.set(key, text);
  }
  return text;
}

/** An ISO calendar date (YYYY-MM-DD) shown as a localized date. */
export function formatCalendarDate(isoDate: string, locale: string): string {
  return dateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}

const languageNames = new Map<string, Intl.DisplayNames>();

/** A language code ("pt", "zh") named in the viewer's language. */
export function languageName(code: string, locale: string): string {
  try {
    let names = languageNames.get(locale);
    if (!names) {
      names = new Intl.DisplayNames([locale], { type: "language" });
      languageNames.set(locale, names);
    }
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

const numberFormatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, style: "decimal" | "percent"): Intl.NumberFormat {
  const key = `${locale}|${style}`;
  let formatter = numberFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, style === "percent" ? { style, maximumFractionDigits: 1 } : {});
    numberFormatters.set(key, formatter);
  }
  return formatter;
}

/** A count in the viewer's language: 20,213 / 20 213 / 20.213. */
export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale, "decimal").format(value);
}

/** A share as a percentage with at most one decimal. */
export function formatPercent(value: number, locale: string): string {
  return numberFormat(locale, "percent").format(value);
}
