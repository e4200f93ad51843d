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

/**
 * `encode`, remembering what it gave for each text, for the cells of one download: a sheet of
 * every registration repeats a few thousand texts (session titles, institutions, countries)
 * over a million rows, and encoding each again made most of the export's garbage. At most
 * `limit` texts are kept; past it the memory starts again.
 */
export function rememberEncoding(encode: (text: string) => string, limit = 20_000): (text: string) => string {
  let known = new Map<string, string>();
  return (text) => {
    let encoded = known.get(text);
    if (encoded === undefined) {
      if (known.size >= limit) known = new Map();
      known.set(text, (encoded = encode(text)));
    }
    return encoded;
  };
}

/** csvLine for the records of one download, each text quoted once (rememberEncoding). */
export function csvLineWriter(): (row: Cell[]) => string {
  const quoted = rememberEncoding(csvCell);
  return (row) => {
    let line = "";
    for (let i = 0; i < row.length; i++) {
      const value = row[i] ?? null;
      line += (i > 0 ? "," : "") + (typeof value === "string" ? quoted(value) : csvCell(value));
    }
    return line + "\r\n";
  };
}

/** CSV with a UTF-8 byte-order mark, so Excel opens Chinese and Cyrillic names correctly. */
export function toCsv(rows: Cell[][]): string {
  return "\uFEFF" + rows.map(csvLine).join("");
}
