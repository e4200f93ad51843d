import { describe, expect, it } from "vitest";
import { pickLocalized, pickLocalizedFirst } from "./localized";

describe("pickLocalized", () => {
  it("returns the text of the exact locale", () => {
    expect(pickLocalized({ en: "Smart industry", "zh-CN": "智慧产业" }, "zh-CN")).toBe("智慧产业");
  });

  it("falls back to another variant of the same language", () => {
    expect(pickLocalized({ en: "Brazil", pt: "Brasil" }, "pt-BR")).toBe("Brasil");
  });

  it("falls back to English when the language is missing", () => {
    expect(pickLocalized({ en: "Xiamen University", "zh-CN": "厦门大学" }, "ru")).toBe("Xiamen University");
  });

  it("falls back to any text when English is missing too", () => {
    expect(pickLocalized({ "zh-CN": "厦门大学" }, "ru")).toBe("厦门大学");
  });

  it("returns an empty string for missing text rather than throwing", () => {
    expect(pickLocalized(null, "en")).toBe("");
    expect(pickLocalized({ en: "" }, "en")).toBe("");
  });
});

describe("pickLocalizedFirst", () => {
  const session = { "zh-CN": "智能制造实训（第二期）" };
  const course = { en: "Intelligent manufacturing", ru: "Интеллектуальное производство", "zh-CN": "智能制造" };

  it("takes the course's title in the reader's language over the session's in another", () => {
    expect(pickLocalizedFirst([session, course], "ru")).toBe("Интеллектуальное производство");
    expect(pickLocalizedFirst([session, course], "en")).toBe("Intelligent manufacturing");
  });

  it("keeps the session's own title when it is in the reader's language", () => {
    expect(pickLocalizedFirst([session, course], "zh-CN")).toBe("智能制造实训（第二期）");
  });

  it("falls back to the first text's English, then anything, when no text is in the reader's language", () => {
    expect(pickLocalizedFirst([{ en: "Session", "zh-CN": "班" }, { "zh-CN": "课程" }], "pt-BR")).toBe("Session");
    expect(pickLocalizedFirst([null, { "zh-CN": "课程" }], "ru")).toBe("课程");
    expect(pickLocalizedFirst([null, undefined], "ru")).toBe("");
  });
});
