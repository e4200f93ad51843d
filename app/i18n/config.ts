/** Locales with complete catalogs: the interface's languages. */
export const SUPPORTED_LOCALES = ["en", "zh-CN", "ru", "pt-BR"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Locales that content (names, titles, summaries) may be typed in, beyond the UI's own. */
export const CONTENT_LOCALES = ["en", "zh-CN", "ru", "pt-BR"] as const;

/** Each locale's name in its own language, for the switcher. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  "zh-CN": "中文（简体）",
  ru: "Русский",
  "pt-BR": "Português (Brasil)",
};

export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}
