import { sql } from "drizzle-orm";
import { integer, nowDefault, text } from "./dialect";

/** Text that people type in several languages, keyed by locale code ("en", "zh-CN", "ru", "pt-BR"). */
export type LocalizedText = Partial<Record<string, string>>;

/** A JSON column holding one string per locale; see docs/decisions/0003-locales-and-multilingual-content.md. */
export const localizedText = (name: string) => text(name, { mode: "json" }).$type<LocalizedText>();

/** A JSON column holding a list of language codes (BCP 47), e.g. ["en", "zh"]. */
export const languageList = (name: string) =>
  text(name, { mode: "json" })
    .$type<string[]>()
    .notNull()
    .default(sql`'[]'`);

/** A UTC instant stored as milliseconds since the epoch. */
export const instant = (name: string) => integer(name, { mode: "timestamp_ms" });

/** created_at with a database default, so bulk inserts need not set it. */
export const createdAt = () => instant("created_at").notNull().default(nowDefault);
