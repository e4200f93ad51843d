import { Form } from "react-router";
import { useTranslation } from "react-i18next";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/i18n/config";

/** A plain form, so switching works without JavaScript; the choice is kept in a cookie. */
export function LanguageSwitcher({ locale, redirectTo }: { locale: string; redirectTo: string }) {
  const { t } = useTranslation();
  return (
    <Form method="post" action="/language" className="language-switcher" reloadDocument>
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <label htmlFor="language-select">{t("language.label")}</label>
      <select id="language-select" name="locale" defaultValue={locale} key={locale}>
        {SUPPORTED_LOCALES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LOCALE_NAMES[code]}
          </option>
        ))}
      </select>
      <button type="submit">{t("language.change")}</button>
    </Form>
  );
}
