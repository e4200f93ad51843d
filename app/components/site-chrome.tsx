import { Form, Link, NavLink } from "react-router";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "./language-switcher";

type HeaderUser = { name: string; role: "trainee" | "staff" | "organizer" } | null;

export function SiteHeader({ locale, user, currentPath }: { locale: string; user: HeaderUser; currentPath: string }) {
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
            <li>
              <NavLink to="/impact">{t("nav.impact")}</NavLink>
            </li>
          </ul>
        </nav>
        <AccountLinks user={user} />
        <LanguageSwitcher locale={locale} redirectTo={currentPath} />
      </div>
    </header>
  );
}

function AccountLinks({ user }: { user: HeaderUser }) {
  const { t } = useTranslation();
  if (!user) {
    return (
      <ul className="nav-list account-links">
        <li>
          <NavLink to="/login">{t("nav_account.signIn")}</NavLink>
        </li>
        <li>
          <NavLink to="/signup">{t("nav_account.signUp")}</NavLink>
        </li>
      </ul>
    );
  }
  return (
    <ul className="nav-list account-links" aria-label={t("nav_account.signedInAs", { name: user.name })}>
      {user.role !== "trainee" ? (
        <li>
          <NavLink to="/manage">{t("nav_account.manage")}</NavLink>
        </li>
      ) : null}
      {user.role === "organizer" ? (
        <li>
          <NavLink to="/admin">{t("nav_account.admin")}</NavLink>
        </li>
      ) : null}
      {user.role === "trainee" ? (
        <li>
          <NavLink to="/me/enrollments">{t("nav_account.enrollments")}</NavLink>
        </li>
      ) : null}
      <li>
        <NavLink to="/me" end>
          {t("nav_account.profile")}
        </NavLink>
      </li>
      <li>
        <Form method="post" action="/logout">
          <button type="submit" className="link-button">
            {t("nav_account.signOut")}
          </button>
        </Form>
      </li>
    </ul>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <p>{t("app.tagline")}</p>
      <p>{t("app.footer")}</p>
      <p>
        <Link to="/developers">{t("nav.developers")}</Link> · <Link to="/privacy">{t("nav.privacy")}</Link>
      </p>
    </footer>
  );
}
