/**
 * Database errors, classified once for both engines: better-sqlite3's `code` names the
 * constraint (SQLITE_CONSTRAINT_UNIQUE, …), node-postgres carries the SQLSTATE (23505, …).
 * drizzle may wrap the driver's error, so its `cause` is looked at too. Never match messages:
 * they differ between engines and versions.
 */
const UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"]);
const FOREIGN_KEY_CODES = new Set(["SQLITE_CONSTRAINT_FOREIGNKEY", "23503"]);
const CHECK_CODES = new Set(["SQLITE_CONSTRAINT_CHECK", "23514"]);

function codesOf(error: unknown): unknown[] {
  const codes: unknown[] = [];
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    codes.push((current as { code?: unknown }).code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

const hasCode = (error: unknown, codes: Set<string>) =>
  codesOf(error).some((code) => typeof code === "string" && codes.has(code));

/** Whether an insert or update was refused because a unique key already holds the value. */
export function isUniqueViolation(error: unknown): boolean {
  return hasCode(error, UNIQUE_CODES);
}

/** Whether a row was refused for naming a row of another table that does not exist. */
export function isForeignKeyViolation(error: unknown): boolean {
  return hasCode(error, FOREIGN_KEY_CODES);
}

/** Whether a row was refused by one of the schema's CHECK rules (staff without an institution, …). */
export function isCheckViolation(error: unknown): boolean {
  return hasCode(error, CHECK_CODES);
}
