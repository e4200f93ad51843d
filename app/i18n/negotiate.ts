import { SUPPORTED_LOCALES, type Locale } from "./config";

/**
 * The supported locale a browser's Accept-Language asks for most (RFC 9110 §12.5.4): ranges in
 * order of their q-values (equal ones in the order given), each matched exactly and then by its
 * primary language, so `fr-FR,ru;q=0.5` is Russian, `pt-PT` Brazilian Portuguese, `zh-TW` the
 * Simplified Chinese catalog, `en-GB` English. `q=0` rules a language out; `*` takes the default.
 * Null when nothing matches.
 */
export function negotiateLocale(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranges = header
    .slice(0, 1_000)
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find(Boolean);
      return { tag: tag.trim().toLowerCase(), q: q ? Number(q[1]) : 1, order };
    })
    .filter((range) => range.tag && range.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const { tag } of ranges) {
    if (tag === "*") return SUPPORTED_LOCALES[0];
    const exact = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase() === tag);
    if (exact) return exact;
    const primary = tag.split("-")[0];
    const sameLanguage = SUPPORTED_LOCALES.find((locale) => locale.toLowerCase().split("-")[0] === primary);
    if (sameLanguage) return sameLanguage;
  }
  return null;
}
