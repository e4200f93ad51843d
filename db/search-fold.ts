import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * Text as searches compare it: Unicode lower case, accents and other combining marks removed
 * ("Попов" → "попов", "Gestão" → "gestao"). SQLite's own lower() folds ASCII only, so this is
 * registered on every connection as the SQL function `search_fold` (db/client.ts) and applied to
 * both sides of a comparison. (PostgreSQL's equivalent is lower(unaccent(...)).)
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

/** Whether a text column contains the words, folded on both sides; LIKE's own characters taken literally. */
export function foldedContains(column: SQLWrapper, text: string): SQL {
  const pattern = `%${foldForSearch(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql`search_fold(${column}) like ${pattern} escape '\\'`;
}
