/**
 * Dates as people type them into forms and links: only days that exist. `new Date()` and
 * `Date.parse` would take 30 February as 2 March and the year 0099 as 1999; the database would
 * then store a day nobody chose, or refuse it with an error page.
 */

/** Years a training, a membership or a statistic can be about. */
const YEARS = { min: 1900, max: 2200 } as const;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_AND_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;

/** "YYYY-MM-DD" naming a day of the calendar (leap years included) between 1900 and 2200. */
export function isCalendarDate(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (year < YEARS.min || year > YEARS.max || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** "YYYY-MM-DDTHH:MM" (a datetime-local field) naming a real day and a time of day. */
export function isCalendarDateTime(value: string): boolean {
  const match = DAY_AND_TIME.exec(value);
  if (!match) return false;
  const [, day = "", hours, minutes] = match;
  return isCalendarDate(day) && Number(hours) <= 23 && Number(minutes) <= 59;
}
