import { Link, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { SessionList } from "~/components/session-list";
import { getTranslator } from "~/i18n/i18next.server";
import { listDomains, listInstitutions, searchSessions } from "~/models/catalog.server";
import { getDb } from "~/utils/db.server";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/_index";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const [domains, institutions, upcoming] = await Promise.all([
    listDomains(db, { locale }),
    listInstitutions(db, { locale }),
    searchSessions(db, { locale, limit: 6 }),
  ]);
  return {
    pageTitle: t("app.name"),
    domains,
    institutions,
    upcoming: upcoming.sessions,
  };
}

export default function HomePage() {
  const { domains, institutions, upcoming } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <section className="hero">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro")}</p>
        <p>
          <Link className="button" to="/catalog">
            {t("home.browseCatalog")}
          </Link>
        </p>
      </section>

      <section aria-labelledby="domains-heading">
        <h2 id="domains-heading">{t("home.domainsHeading")}</h2>
        <ul className="domain-grid">
          {domains.map((domain) => (
            <li key={domain.slug}>
              <Link to={`/catalog?domain=${domain.slug}`}>{domain.name}</Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t("home.upcomingHeading")}</h2>
        {upcoming.length > 0 ? <SessionList sessions={upcoming} /> : <p>{t("home.noUpcoming")}</p>}
        <p>
          <Link to="/catalog">{t("home.allUpcoming")}</Link>
        </p>
      </section>

      <section aria-labelledby="institutions-heading" id="institutions">
        <h2 id="institutions-heading">{t("home.institutionsHeading")}</h2>
        <ul className="institution-grid">
          {institutions.map((institution) => (
            <li key={institution.slug}>
              <Link to={`/institutions/${institution.slug}`}>{institution.name}</Link>
              <span className="muted">
                {" "}
                · {t(`institution.kind.${institution.kind}`)} · {institution.city}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
