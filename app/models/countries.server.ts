import countries from "i18n-iso-countries";
import en from "i18n-iso-countries/langs/en.json";
import pt from "i18n-iso-countries/langs/pt.json";
import ru from "i18n-iso-countries/langs/ru.json";
import zh from "i18n-iso-countries/langs/zh.json";
import { eq } from "drizzle-orm";
import { countries as knownCountries } from "../../db/schema";
import type { Handle } from "../utils/db.server";

for (const locale of [en, zh, ru, pt]) countries.registerLocale(locale);

/** A country's name in the viewer's language, from the maintained library; the code if unknown. */
export function countryName(code: string, locale: string): string {
  return countries.getName(code, locale.split("-")[0] ?? "en") ?? countries.getName(code, "en") ?? code;
}

/** Every country in the database, named and sorted in the viewer's language, for a select. */
export async function listCountryOptions(
  db: Handle,
  { locale }: { locale: string },
): Promise<{ value: string; label: string }[]> {
  const codes = await db.select({ code: knownCountries.code }).from(knownCountries);
  const collator = new Intl.Collator(locale);
  return codes
    .map(({ code }) => ({ value: code, label: countryName(code, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
}

/** True when the code is one of the countries we know. */
export async function countryExists(db: Handle, code: string): Promise<boolean> {
  const [row] = await db
    .select({ code: knownCountries.code })
    .from(knownCountries)
    .where(eq(knownCountries.code, code));
  return Boolean(row);
}

/**
 * The ISO code for what a spreadsheet says about a country: "BR", "BRA", "Brazil", "巴西",
 * "Бразилия" or "Brasil". Null when it names no country we know.
 */
export async function countryCodeFrom(db: Handle, value: string): Promise<string | null> {
  const text = value.trim();
  if (!text) return null;
  let code: string | undefined;
  if (/^[A-Za-z]{2}$/.test(text)) code = text.toUpperCase();
  else if (/^[A-Za-z]{3}$/.test(text)) code = countries.alpha3ToAlpha2(text.toUpperCase());
  for (const locale of ["en", "zh", "ru", "pt"]) code ??= countries.getAlpha2Code(text, locale);
  return code && countries.isValid(code) && (await countryExists(db, code)) ? code : null;
}
