import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "./config";
import type { Catalog } from "./locales/catalog";
import { resources } from "./resources";

function leaves(tree: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const reference = leaves(resources.en.translation);
/** Keys the English catalog pluralises ("catalog.results" for results_one and results_other). */
const pluralBases = new Set(
  [...reference.keys()].filter((key) => PLURAL.test(key)).map((key) => key.replace(PLURAL, "")),
);

/**
 * The keys a locale must have: every English key, except that a plural is spelled in the
 * locale's own forms (Russian one/few/many/other, Portuguese one/many/other…), plus `_one`
 * everywhere so that the English key set is always covered.
 */
function expectedKeys(locale: string): Set<string> {
  const forms = new Set([...new Intl.PluralRules(locale).resolvedOptions().pluralCategories, "one", "other"]);
  const keys = new Set<string>();
  for (const key of reference.keys()) {
    if (!PLURAL.test(key)) keys.add(key);
  }
  for (const base of pluralBases) for (const form of forms) keys.add(`${base}_${form}`);
  return keys;
}

describe.each(SUPPORTED_LOCALES)("the %s catalog", (locale) => {
  const catalog = leaves(resources[locale].translation as Catalog);
  const expected = expectedKeys(locale);

  it("has every key the English catalog has, every plural form of its language, none empty", () => {
    const missing = [...expected].filter((key) => !catalog.get(key)?.trim());
    expect(missing).toEqual([]);
  });

  it("has no key the English catalog lacks", () => {
    expect([...catalog.keys()].filter((key) => !expected.has(key))).toEqual([]);
  });

  it("keeps every interpolation placeholder and markup tag of the English text", () => {
    const broken = [...expected].filter((key) => {
      const english = reference.get(key) ?? reference.get(key.replace(PLURAL, "_other")) ?? "";
      const wanted = english.match(/{{\w+}}|<\/?\w+>/g) ?? [];
      return wanted.some((token) => !catalog.get(key)?.includes(token));
    });
    expect(broken).toEqual([]);
  });
});
