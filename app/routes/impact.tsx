import { Link, useLoaderData } from "react-router";
import { ScrollRegion } from "~/components/scroll-region";
import { useTranslation } from "react-i18next";
import { BarChart } from "~/components/charts";
import { getTranslator } from "~/i18n/i18next.server";
import { REPORTING_TIME_ZONE } from "~/models/stats-definitions";
import { computeStats } from "~/models/stats.server";
import { getDb } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { pageTitleMeta } from "~/utils/meta";
import { localDate } from "~/utils/time-zone";
import type { Route } from "./+types/impact";

export const meta = pageTitleMeta;

/**
 * The alliance's public record: participation from attendance, by year and by country. Only
 * aggregates leave the server (no names, no sessions' rosters), counted up to today by the
 * dashboard's definitions.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const stats = await computeStats(db, { to: localDate(new Date(), REPORTING_TIME_ZONE) }, locale);
  return {
    pageTitle: t("impact.title"),
    totals: {
      participantTimes: stats.totals.participantTimes,
      distinctParticipants: stats.totals.distinctParticipants,
      countries: stats.totals.countries,
      sessions: stats.totals.sessions,
    },
    byYear: stats.byYear
      .filter((row) => row.participantTimes > 0)
      .map(({ year, participantTimes, distinctParticipants, countries }) => ({
        year,
        participantTimes,
        distinctParticipants,
        countries,
      })),
    // Participant-times by country, whatever group it was in at the time.
    byCountry: stats.countryByDomain.slice(0, 15).map((row) => ({ label: row.name, value: row.total })),
  };
}

export default function ImpactPage() {
  const { totals, byYear, byCountry } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const number = { format: (n: number) => formatNumber(n, i18n.language) };
  const headline = [
    ["participantTimes", totals.participantTimes],
    ["distinctParticipants", totals.distinctParticipants],
    ["countries", totals.countries],
    ["sessions", totals.sessions],
  ] as const;
  return (
    <div className="page">
      <h1>{t("impact.title")}</h1>
      <p>{t("impact.intro")}</p>
      <dl className="impact-figures">
        {headline.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`impact.${key}`)}</dt>
            <dd>{number.format(value)}</dd>
          </div>
        ))}
      </dl>
      <h2>{t("impact.byYear")}</h2>
      <ScrollRegion label={t("impact.byYear")}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("impact.year")}</th>
              <th scope="col">{t("impact.participantTimes")}</th>
              <th scope="col">{t("impact.distinctParticipants")}</th>
              <th scope="col">{t("impact.countries")}</th>
            </tr>
          </thead>
          <tbody>
            {byYear.map((row) => (
              <tr key={row.year}>
                <th scope="row">{row.year}</th>
                <td>{number.format(row.participantTimes)}</td>
                <td>{number.format(row.distinctParticipants)}</td>
                <td>{number.format(row.countries)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <BarChart title={t("impact.chartByCountry")} format={(n) => number.format(n)} data={byCountry} />
      <p className="muted">{t("impact.definitions")}</p>
      <p>
        <Link to="/catalog">{t("impact.seeCatalog")}</Link>
      </p>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
