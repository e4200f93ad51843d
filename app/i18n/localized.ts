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
