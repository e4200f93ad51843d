/**
 * Database errors, classified once for both engines: better-sqlite3's `code` names the
 * constraint (SQLITE_CONSTRAINT_UNIQUE, …), node-postgres carries the SQLSTATE (23505, …).
 * drizzle may wrap the driver's error, so its `cause` is looked at too. Never match messages:
 * they differ between engines and versions.
 */
const UNIQUE_CODES = new Set(["SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY", "23505"]);

function codesOf(error: unknown): unknown[] {
  const codes: unknown[] = [];
  for (let current = error, depth = 0; current && typeof current === "object" && depth < 4; depth++) {
    codes.push((current as { code?: unknown }).code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

/** Whether an insert or update was refused because a unique key already holds the value. */
export function isUniqueViolation(error: unknown): boolean {
  return codesOf(error).some((code) => typeof code === "string" && UNIQUE_CODES.has(code));
}
