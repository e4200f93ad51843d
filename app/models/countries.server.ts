import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import pt from "i18n-iso-countries/langs/pt.json";
import ru from "i18n-iso-countries/langs/ru.json";
import zh from "i18n-iso-countries/langs/zh.json";
import { sql } from "drizzle-orm";
import { getDb } from "../utils/db.server";

for (const locale of [en, zh, ru, pt]) countries.registerLocale(locale);

/** A country's name in the viewer's language, from the maintained library; the code if unknown. */
export function countryName(code: string, locale: string): string {
  return countries.getName(code, locale.split("-")[0] ?? "en") ?? countries.getName(code, "en") ?? code;
}

/** Every country in the database, named and sorted in the viewer's language, for a select. */
export function listCountryOptions({ locale }: { locale: string }): { value: string; label: string }[] {
  const codes = getDb().all<{ code: string }>(sql`select code from countries`);
  const collator = new Intl.Collator(locale);
  return codes
    .map(({ code }) => ({ value: code, label: countryName(code, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
}

/** True when the code is one of the countries we know. */
export function countryExists(code: string): boolean {
  return Boolean(getDb().get(sql`select 1 from countries where code = ${code}`));
}

/**
 * The ISO code for what a spreadsheet says about a country: "BR", "BRA", "Brazil", "巴西",
 * "Бразилия" or "Brasil". Null when it names no country we know.
 */
export function countryCodeFrom(value: string): string | null {
  const text = value.trim();
  if (!text) return null;
  let code: string | undefined;
  if (/^[A-Za-z]{2}$/.test(text)) code = text.toUpperCase();
  else if (/^[A-Za-z]{3}$/.test(text)) code = countries.alpha3ToAlpha2(text.toUpperCase());
  for (const locale of ["en", "zh", "ru", "pt"]) code ??= countries.getAlpha2Code(text, locale);
  return code && countries.isValid(code) && countryExists(code) ? code : null;
}
