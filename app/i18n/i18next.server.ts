import { createCookie } from "react-router";
import { createInstance, type i18n as I18n, type TFunction } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_LOCALE, type Locale, isSupportedLocale } from "./config";
import { negotiateLocale } from "./negotiate";
import { i18nOptions } from "./options";

/** Remembers the language picked in the switcher for a year. */
export const localeCookie = createCookie("locale", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The locale for this request, always one we have a catalog for: the switcher's cookie, then
 * the best match of the browser's Accept-Language by its q-values, then English.
 */
export async function getLocale(request: Request): Promise<Locale> {
  const chosen: unknown = await localeCookie.parse(request.headers.get("Cookie"));
  if (isSupportedLocale(chosen)) return chosen;
  return negotiateLocale(request.headers.get("Accept-Language")) ?? DEFAULT_LOCALE;
}

/**
 * One i18next instance per locale, made once and never switched to another language: making
 * an instance per request (as remix-i18next's getFixedT does) costs more than the page itself.
 * The catalogs are bundled, so initialisation is synchronous.
 */
const instances = new Map<Locale, I18n>();

export function i18nFor(locale: string): I18n {
  const supported = isSupportedLocale(locale) ? locale : DEFAULT_LOCALE;
  let instance = instances.get(supported);
  if (!instance) {
    instance = createInstance({ ...i18nOptions, lng: supported, initAsync: false });
    void instance.use(initReactI18next).init();
    instances.set(supported, instance);
  }
  return instance;
}

/** A translation function for a locale (an unsupported one falls back to English). */
export function translatorFor(locale: string): TFunction {
  return i18nFor(locale).t;
}

/** The request's locale and a translation function bound to it, for loaders and actions. */
export async function getTranslator(request: Request) {
  const locale = await getLocale(request);
  return { locale, t: translatorFor(locale) };
}
