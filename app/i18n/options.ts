import type { InitOptions } from "i18next";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES } from "./config";
import { resources } from "./resources";

/** i18next options shared by the server render and the browser. */
export const i18nOptions = {
  supportedLngs: [...SUPPORTED_LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "translation",
  resources,
  interpolation: { escapeValue: false }, // React escapes already
  react: { useSuspense: false },
  // i18next 25 otherwise prints an advertisement on the server's stdout and the browser console.
  showSupportNotice: false,
} satisfies InitOptions;
