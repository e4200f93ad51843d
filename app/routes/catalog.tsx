import { Form, Link, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { SESSION_MODES } from "../../db/schema/enums";
import { SessionList } from "~/components/session-list";
import { getTranslator } from "~/i18n/i18next.server";
import { listDomains, listInstitutions, searchSessions } from "~/models/catalog.server";
import { parseCatalogQuery } from "~/validation/catalog-filters";
import { INSTRUCTION_LANGUAGES } from "~/validation/localized-fields";
import { getDb } from "~/utils/db.server";
import { pageTitleMeta } from "~/utils/meta";
import { Pagination } from "~/components/pagination";
import { languageName } from "~/utils/format";
import type { Route } from "./+types/catalog";

const PAGE_SIZE = 20;

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const { locale, t } = await getTranslator(request);
  const { page, ...filters } = parseCatalogQuery(new URL(request.url).searchParams);
  const db = getDb();
  const [{ sessions, total }, domains, institutions] = await Promise.all([
    searchSessions(db, {
      locale,
      filters,
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    }),
    listDomains(db, { locale }),
    listInstitutions(db, { locale }),
  ]);
  return {
    pageTitle: `${t("catalog.title")} · ${t("app.name")}`,
    filters,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    total,
    sessions,
    domains,
    institutions,
  };
}

export default function CatalogPage() {
  const { filters, page, pages, total, sessions, domains, institutions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <h1>{t("catalog.title")}</h1>
      <p>{t("catalog.intro")}</p>

      <Form method="get" className="filters" aria-label={t("catalog.filters")}>
        <label className="filters__search">
          {t("catalog.search")}
          <input type="search" name="q" defaultValue={filters.q ?? ""} placeholder={t("catalog.searchPlaceholder")} />
        </label>
        <label>
          {t("catalog.domain")}
          <select name="domain" defaultValue={filters.domain ?? ""}>
            <option value="">{t("catalog.any")}</option>
            {domains.map((d) => (
              <option key={d.slug} value={d.slug}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("catalog.institution")}
          <select name="institution" defaultValue={filters.institution ?? ""}>
            <option value="">{t("catalog.any")}</option>
            {institutions.map((i) => (
              <option key={i.slug} value={i.slug}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("catalog.mode")}
          <select name="mode" defaultValue={filters.mode ?? ""}>
            <option value="">{t("catalog.any")}</option>
            {SESSION_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {t(`session.mode.${mode}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("catalog.language")}
          <select name="lang" defaultValue={filters.lang ?? ""}>
            <option value="">{t("catalog.any")}</option>
            {INSTRUCTION_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {languageName(code, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("catalog.from")}
          <input type="date" name="from" defaultValue={filters.from ?? ""} />
        </label>
        <label>
          {t("catalog.to")}
          <input type="date" name="to" defaultValue={filters.to ?? ""} />
        </label>
        <label className="filters__check">
          <input type="checkbox" name="seats" value="1" defaultChecked={filters.seats} />
          {t("catalog.withSeats")}
        </label>
        <button type="submit">{t("catalog.apply")}</button>
        <Link to="/catalog">{t("catalog.reset")}</Link>
      </Form>

      {/* A heading over the result cards (their titles are h3), announced when the filters change. */}
      <div role="status">
        <h2 className="results-count">{t("catalog.results", { count: total })}</h2>
      </div>
      {sessions.length > 0 ? <SessionList sessions={sessions} /> : <p>{t("catalog.empty")}</p>}
      <Pagination page={page} pages={pages} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
