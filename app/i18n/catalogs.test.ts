import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "./config";
import { resources } from "./resources";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const reference = leaves(resources.en.translation);

describe.each(SUPPORTED_LOCALES)("the %s catalog", (locale) => {
  const catalog = leaves(resources[locale].translation);

  it("has every key of the English catalog, none empty", () => {
    const missing = [...reference.keys()].filter((key) => !catalog.get(key)?.trim());
    expect(missing).toEqual([]);
  });

  it("has no key the English catalog lacks", () => {
    expect([...catalog.keys()].filter((key) => !reference.has(key))).toEqual([]);
  });

  it("keeps every interpolation placeholder of the English text", () => {
    const broken = [...reference].filter(([key, text]) => {
      const wanted = text.match(/{{\w+}}/g) ?? [];
      return wanted.some((placeholder) => !catalog.get(key)?.includes(placeholder));
    });
    expect(broken.map(([key]) => key)).toEqual([]);
  });
});
