import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type Locale, isSupportedLocale } from "./config";
import { i18nOptions } from "./options";

/** Remembers the language picked in the switcher for a year. */
export const localeCookie = createCookie("locale", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

// Order: the switcher's cookie, then the browser's Accept-Language, then English.
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LOCALES],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ["cookie", "header"],
  },
  i18next: i18nOptions,
});

/** The locale for this request, always one we have a catalog for. */
export async function getLocale(request: Request): Promise<Locale> {
  const locale = await i18nServer.getLocale(request);
  return isSupportedLocale(locale) ? locale : DEFAULT_LOCALE;
}

/** The request's locale and a translation function bound to it, for loaders and actions. */
export async function getTranslator(request: Request) {
  const locale = await getLocale(request);
  return { locale, t: await i18nServer.getFixedT(locale) };
}
