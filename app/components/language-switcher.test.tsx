/**
 * A component test without a browser: the switcher rendered inside a React Router stub (it needs
 * a router for its <Form>) and the server's i18next instance, as the server renders it.
 */
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createRoutesStub } from "react-router";
import { describe, expect, it } from "vitest";
import { i18nFor } from "~/i18n/i18next.server";
import { LanguageSwitcher } from "./language-switcher";

function render(locale: string, redirectTo: string) {
  const Stub = createRoutesStub([
    { path: "/catalog", Component: () => <LanguageSwitcher locale={locale} redirectTo={redirectTo} /> },
  ]);
  return renderToString(
    <I18nextProvider i18n={i18nFor(locale)}>
      <Stub initialEntries={["/catalog"]} />
    </I18nextProvider>,
  );
}

describe("the language switcher", () => {
  it("is a plain form posted to /language, so it works without JavaScript, and keeps the page", () => {
    const html = render("ru", "/catalog?q=солнце");
    const form = /<form[^>]*>/.exec(html)?.[0] ?? "";
    expect(form).toContain(`method="post"`);
    expect(form).toContain(`action="/language"`);
    expect(html).toContain('<input type="hidden" name="redirectTo" value="/catalog?q=солнце"/>');
  });

  it("speaks the reader's language and names each language in itself", () => {
    const html = render("ru", "/");
    expect(html).toContain(">Язык</label>");
    expect(html).toContain(">Сменить язык</button>");
    for (const name of ["English", "中文（简体）", "Русский", "Português (Brasil)"])
      expect(html).toContain(`>${name}</option>`);
    expect(html).toMatch(/<option value="ru" lang="ru" selected="">/);
  });
});
