import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "./config";
import { negotiateLocale } from "./negotiate";

describe("negotiateLocale", () => {
  it.each([
    ["fr-FR,ru;q=0.5", "ru"],
    ["fr-FR, pt;q=0.8, zh-CN;q=0.9", "zh-CN"],
    ["ru;q=0.4,en;q=0.6", "en"],
    ["pt-PT", "pt-BR"],
    ["zh-TW,zh;q=0.9", "zh-CN"],
    ["en-GB,en;q=0.9", "en"],
    ["ZH-cn", "zh-CN"],
    ["de;q=1, ru;q=0", null],
    ["de, *;q=0.1", "en"],
    ["", null],
    ["ru;q=abc", "ru"],
  ])("%j → %j", (header, locale) => {
    expect(negotiateLocale(header)).toBe(locale);
  });

  it("answers any header with a supported locale or null, and never a language given q=0", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (header) => {
        const locale = negotiateLocale(header);
        if (locale !== null) expect(SUPPORTED_LOCALES).toContain(locale);
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...SUPPORTED_LOCALES), (locale) => {
        expect(negotiateLocale(`${locale};q=0`)).toBeNull();
      }),
    );
  });
});
