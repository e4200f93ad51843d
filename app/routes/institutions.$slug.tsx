import { useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { pageTitleMeta } from "~/utils/meta";
import { SessionList } from "~/components/session-list";
import { getLocale } from "~/i18n/i18next.server";
import { getInstitutionBySlug } from "~/models/catalog.server";
import { getDb } from "~/utils/db.server";
import { formatCalendarDate } from "~/utils/format";
import { requireFound } from "~/utils/http.server";
import type { Route } from "./+types/institutions.$slug";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const locale = await getLocale(request);
  const db = getDb();
  const institution = requireFound(await getInstitutionBySlug(db, { slug: params.slug ?? "", locale }));
  return { pageTitle: institution.name, institution };
}

export default function InstitutionPage() {
  const { institution } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <h1>{institution.name}</h1>
      <p className="muted">
        {t(`institution.kind.${institution.kind}`)} · {institution.city} ·{" "}
        <span suppressHydrationWarning>
          {t("institution.memberSince", { date: formatCalendarDate(institution.memberSince, i18n.language) })}
        </span>
      </p>

      <section aria-labelledby="programs-heading">
        <h2 id="programs-heading">{t("institution.programsHeading")}</h2>
        <ul className="program-list">
          {institution.programs.map((program) => (
            <li key={program.id}>
              <h3>{program.title}</h3>
              <p className="muted">
                {program.domainName} · {t("institution.coursesCount", { count: program.courseCount })}
              </p>
              <p>{program.summary}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t("institution.upcomingHeading")}</h2>
        {institution.upcomingSessions.length > 0 ? (
          <SessionList sessions={institution.upcomingSessions} />
        ) : (
          <p>{t("institution.noUpcoming")}</p>
        )}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
