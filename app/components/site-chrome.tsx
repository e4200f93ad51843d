import { Link, NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "./language-switcher";

export function SiteHeader({ locale, currentPath }: { locale: string; currentPath: string }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <div className="site-header__inner">
        <Link to="/" className="site-title">
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.label")}>
          <ul className="nav-list">
            <li>
              <NavLink to="/" end>
                {t("nav.home")}
              </NavLink>
            </li>
            <li>
              <NavLink to="/catalog">{t("nav.catalog")}</NavLink>
            </li>
            <li>
              <Link to="/#institutions">{t("nav.institutions")}</Link>
            </li>
          </ul>
        </nav>
        <LanguageSwitcher locale={locale} redirectTo={currentPath} />
      </div>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("app.tagline")}</p>
      <p>{t("app.footer")}</p>
    </footer>
  );
}
