import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * Text as searches compare it: Unicode lower case, accents and other combining marks removed
 * ("Попов" → "попов", "Gestão" → "gestao"). SQLite's own lower() folds ASCII only, so this is
 * registered on every connection as the SQL function `search_fold` (db/client.ts) and applied to
 * both sides of a comparison. (PostgreSQL's, in db/migrations-pg, is lower(unaccent(…)) after NFD.)
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** LIKE's own characters (and its escape) taken literally, for a pattern written with `escape '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Whether a text column contains the words, both sides folded by the database's `search_fold`
 * (so that on PostgreSQL, where it is lower(unaccent(…)), they fold alike too).
 */
export function foldedContains(column: SQLWrapper, text: string): SQL {
  return sql`search_fold(${column}) like '%' || search_fold(${escapeLike(text)}) || '%' escape '\\'`;
}
