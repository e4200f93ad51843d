/** The working languages the alliance teaches in (reference facts): codes of languages of instruction. */
export const INSTRUCTION_LANGUAGES = ["en", "zh", "ru", "pt"] as const;

/** Content languages and the suffix their form fields carry: title_en, title_zh, title_ru, title_pt. */
export const CONTENT_FIELDS = [
  { locale: "en", suffix: "en" },
  { locale: "zh-CN", suffix: "zh" },
  { locale: "ru", suffix: "ru" },
  { locale: "pt-BR", suffix: "pt" },
] as const;

/** Gathers `${base}_${suffix}` fields into one LocalizedText, leaving out the empty ones. */
export function collectLocalized(data: Record<string, unknown>, base: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { locale, suffix } of CONTENT_FIELDS) {
    const value = data[`${base}_${suffix}`];
    if (typeof value === "string" && value.trim()) out[locale] = value.trim();
  }
  return out;
}

/** The form field names of one localized field. */
export const localizedNames = (base: string) => CONTENT_FIELDS.map(({ suffix }) => `${base}_${suffix}`);

/** The reverse of collectLocalized: LocalizedText as form values `${base}_${suffix}`, empty where missing. */
export function localizedFormValues(
  base: string,
  text: Record<string, string | undefined> | null | undefined,
): Record<string, string> {
  return Object.fromEntries(CONTENT_FIELDS.map(({ locale, suffix }) => [`${base}_${suffix}`, text?.[locale] ?? ""]));
}
