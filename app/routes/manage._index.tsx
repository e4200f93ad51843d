import { Form, Link, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { useCourseStatusLabel } from "~/components/course-status";
import { getTranslator } from "~/i18n/i18next.server";
import { getInstitutionConsole, getInstitutionIdBySlug, listInstitutionChoices } from "~/models/institutions.server";
import { Pagination } from "~/components/pagination";
import { getConsoleCatalog, listConsoleSessions } from "~/models/manage-catalog.server";
import { formatDateTime } from "~/utils/format";
import { forbidden, requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { CONSOLE_SESSION_PERIODS, parseConsoleSessionQuery } from "~/validation/catalog-filters";
import { SESSION_STATUSES } from "../../db/schema/enums";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/manage._index";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireRole(request, CONSOLE_ROLES.manage);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const query = new URL(request.url).searchParams;
  const asked = query.get("institution");
  // Staff see their own institution only; organizers pick any.
  let institutionId: number | undefined = user.institutionId ?? undefined;
  if (asked) {
    const askedId = await getInstitutionIdBySlug(db, asked);
    if (askedId === undefined) notFound();
    if (user.role !== "organizer" && askedId !== user.institutionId) forbidden();
    institutionId = askedId;
  }
  const overview = institutionId ? await getInstitutionConsole(db, { institutionId, locale }) : null;
  const filters = parseConsoleSessionQuery(query);
  const [sessions, catalog, choices] = await Promise.all([
    institutionId ? listConsoleSessions(db, { actor: user, institutionId, locale, filters }) : null,
    institutionId ? getConsoleCatalog(db, { actor: user, institutionId, locale }) : null,
    user.role === "organizer" && !overview ? listInstitutionChoices(db, { locale }) : [],
  ]);
  return {
    filters,
    // The institution asked for stays in the list's form, so an organizer's search stays in it.
    institutionParam: asked,
    sessions,
    pageTitle: t("manage.title"),
    overview,
    catalog,
    choices,
  };
}

export default function ManageIndexPage() {
  const { overview, catalog, choices, sessions, filters, institutionParam } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const statusLabel = useCourseStatusLabel();
  if (!overview || !catalog || !sessions) {
    return (
      <div className="page">
        <h1>{t("manage.title")}</h1>
        <p>{t("manage.chooseInstitution")}</p>
        <ul>
          {choices.map((choice) => (
            <li key={choice.slug}>
              <Link to={`/manage?institution=${choice.slug}`}>{choice.name}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("manage.title")}</h1>
      <p>{t("manage.intro", { institution: overview.name })}</p>

      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("manage.sessions")}</h2>
        <p>
          <Link to="/manage/sessions/new">{t("manage.newSession")}</Link>
        </p>
        <Form method="get" className="filters" aria-label={t("manage.sessionFilters")}>
          {institutionParam ? <input type="hidden" name="institution" value={institutionParam} /> : null}
          <label className="filters__search">
            {t("catalog.search")}
            <input type="search" name="q" defaultValue={filters.q ?? ""} placeholder={t("catalog.searchPlaceholder")} />
          </label>
          <label>
            {t("manage.when")}
            <select name="when" defaultValue={filters.when}>
              {CONSOLE_SESSION_PERIODS.map((period) => (
                <option key={period} value={period}>
                  {t(`manage.period.${period}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("manage.status")}
            <select name="status" defaultValue={filters.status ?? ""}>
              <option value="">{t("catalog.any")}</option>
              {SESSION_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`session.status.${status}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t("catalog.apply")}</button>
        </Form>
        <p role="status">{t("manage.sessionsFound", { count: sessions.total })}</p>
        {sessions.total === 0 ? <p>{t("catalog.empty")}</p> : null}
        <ul className="console-list">
          {sessions.sessions.map((s) => (
            <li key={s.id}>
              <Link to={`/manage/sessions/${s.id}`}>{s.title}</Link>
              <br />
              <span className="muted" suppressHydrationWarning>
                {formatDateTime(s.startsAt, i18n.language, s.timeZone)} · {t(`session.mode.${s.mode}`)} ·{" "}
                {t(`session.status.${s.status}`)} ·{" "}
                {t("manage.confirmedOf", { confirmed: s.confirmed, capacity: s.capacity })}
              </span>
            </li>
          ))}
        </ul>
        <Pagination page={sessions.page} pages={sessions.pages} />
      </section>

      <section aria-labelledby="courses-heading">
        <h2 id="courses-heading">{t("manage.courses")}</h2>
        <p>
          <Link to="/manage/courses/new">{t("manage.newCourse")}</Link>
        </p>
        <ul className="console-list">
          {catalog.courses.map((c) => (
            <li key={c.id}>
              <Link to={`/manage/courses/${c.id}`}>
                {c.code} · {c.title}
              </Link>{" "}
              <span className="muted">· {statusLabel(c.status)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="programs-heading">
        <h2 id="programs-heading">{t("manage.programs")}</h2>
        <p>
          <Link to={`/manage/programs/new?institution=${overview.slug}`}>{t("manage.newProgram")}</Link>
        </p>
        <ul className="console-list">
          {overview.programs.map((program) => (
            <li key={program.id}>
              <Link to={`/manage/programs/${program.id}`}>{program.title}</Link>{" "}
              <span className="muted">
                · {program.domainName} · {t("institution.coursesCount", { count: program.courseCount })}
              </span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
