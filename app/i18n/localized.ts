import type { LocalizedText } from "../../db/schema/columns";
import { DEFAULT_LOCALE } from "./config";

/**
 * Picks the best text for a locale: the exact locale, then any variant of the same language
 * ("zh" for "zh-CN"), then English, then whatever exists. Never throws on missing text.
 */
export function pickLocalized(text: LocalizedText | null | undefined, locale: string): string {
  if (!text) return "";
  const exact = text[locale];
  if (exact) return exact;
  const language = locale.split("-")[0];
  for (const [key, value] of Object.entries(text)) {
    if (value && key.split("-")[0] === language) return value;
  }
  const fallback = text[DEFAULT_LOCALE];
  if (fallback) return fallback;
  return Object.values(text).find((value) => Boolean(value)) ?? "";
}

/** The text in a locale itself or another variant of its language, if there is one. */
function inLanguage(text: LocalizedText | null | undefined, locale: string): string | undefined {
  if (!text) return undefined;
  if (text[locale]) return text[locale];
  const language = locale.split("-")[0];
  return Object.entries(text).find(([key, value]) => value && key.split("-")[0] === language)?.[1];
}

/**
 * The best of several texts for the same thing, most specific first (a session's own title, then
 * its course's): the first one written in the reader's language, and only then the first one's
 * English or whatever it has. A session titled only in Chinese shows its course's Russian title to
 * a Russian reader rather than the Chinese.
 */
export function pickLocalizedFirst(texts: (LocalizedText | null | undefined)[], locale: string): string {
  for (const text of texts) {
    const found = inLanguage(text, locale);
    if (found) return found;
  }
  for (const text of texts) {
    const found = pickLocalized(text, locale);
    if (found) return found;
  }
  return "";
}
