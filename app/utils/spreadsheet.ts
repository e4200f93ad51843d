/**
 * The cells of our spreadsheet downloads, shared by the CSV and XLSX writers: text, numbers, and
 * values a spreadsheet should know the type of (a calendar date, a month, a percentage), which
 * the workbook writes as typed, formatted cells and CSV as plain text.
 */
export type Cell =
  | string
  | number
  | null
  | { kind: "date"; day: string }
  | { kind: "month"; month: string }
  | { kind: "percent"; fraction: number };

/** A calendar date ("2026-11-20"): a date cell in a workbook. */
export const dateCell = (day: string): Cell => ({ kind: "date", day });
/** A month ("2026-11"): a date cell shown as the month. */
export const monthCell = (month: string): Cell => ({ kind: "month", month });
/** A fraction (0.767) shown as a percentage (76.7%); no value when there is none. */
export const percentCell = (fraction: number | null): Cell =>
  fraction === null ? null : { kind: "percent", fraction };

/**
 * Text for CSV cells. A cell starting with =, +, -, @, a tab or a line break is read as a
 * formula by Excel and LibreOffice (CSV injection); a leading apostrophe keeps it text. (The
 * workbook needs none: its text cells are typed as text.)
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

/**
 * Every text field is quoted, not only those with a comma: spreadsheets in Russian and Brazilian
 * locales split CSV on ";", and an unquoted `Ivan;=1+1;` became a name and a formula there.
 * Dates and months are written as ISO text, percentages as their fraction.
 */
function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return `"${neutralizeFormula(value).replace(/"/g, '""')}"`;
  switch (value.kind) {
    case "date":
      return value.day;
    case "month":
      return value.month;
    case "percent":
      return String(value.fraction);
  }
}

/** One CSV record, with its CRLF. */
export function csvLine(row: Cell[]): string {
  return row.map(csvCell).join(",") + "\r\n";
}

/** CSV with a UTF-8 byte-order mark, so Excel opens Chinese and Cyrillic names correctly. */
export function toCsv(rows: Cell[][]): string {
  return "\uFEFF" + rows.map(csvLine).join("");
}
