/**
 * Text for spreadsheet cells. A cell starting with =, +, -, @, a tab or a line break is read as a
 * formula by Excel and LibreOffice (CSV injection); a leading apostrophe keeps it text.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, with its CRLF. */
export function csvLine(row: (string | number | null)[]): string {
  return row.map(csvCell).join(",") + "\r\n";
}

/** CSV with a UTF-8 byte-order mark, so Excel opens Chinese and Cyrillic names correctly. */
export function toCsv(rows: (string | number | null)[][]): string {
  return "\uFEFF" + rows.map(csvLine).join("");
}
