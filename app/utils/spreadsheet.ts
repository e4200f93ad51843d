/**
 * Text for spreadsheet cells. A cell starting with =, +, -, @, a tab or a line break is read as a
 * formula by Excel and LibreOffice (CSV injection); a leading apostrophe keeps it text.
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r\n]/.test(value) ? `'${value}` : value;
}

/**
 * Every text field is quoted, not only those with a comma: spreadsheets in Russian and Brazilian
 * locales split CSV on ";", and an unquoted `Ivan;=1+1;` became a name and a formula there.
 */
function csvCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  return `"${neutralizeFormula(value).replace(/"/g, '""')}"`;
}

/** One CSV record, with its CRLF. */
export function csvLine(row: (string | number | null)[]): string {
  return row.map(csvCell).join(",") + "\r\n";
}

/** CSV with a UTF-8 byte-order mark, so Excel opens Chinese and Cyrillic names correctly. */
export function toCsv(rows: (string | number | null)[][]): string {
  return "\uFEFF" + rows.map(csvLine).join("");
}
