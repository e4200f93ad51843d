import { describe, expect, it } from "vitest";
import { pickLocalized } from "./localized";

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
