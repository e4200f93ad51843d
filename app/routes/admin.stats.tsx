import { Form, Link, useLoaderData, useLocation } from "react-router";
import { ScrollRegion } from "~/components/scroll-region";
import { useTranslation } from "react-i18next";
import { BarChart, ShareChart, TrendChart } from "~/components/charts";
import { getTranslator } from "~/i18n/i18next.server";
import { listDomains, listInstitutions } from "~/models/catalog.server";
import { listCountryGroups } from "~/models/organizer.server";
import { STATS_DEFINITIONS } from "~/models/stats-definitions";
import { computeStats, type Figures } from "~/models/stats.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formatNumber, formatPercent } from "~/utils/format";
import { pageTitleMeta } from "~/utils/meta";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { parseStatsQuery } from "~/validation/stats-filters";
import type { Route } from "./+types/admin.stats";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  const filters = parseStatsQuery(new URL(request.url).searchParams);
  const db = getDb();
  // At once: on PostgreSQL each is a round trip or more, and the pool runs them side by side.
  const [stats, domains, institutions, groups] = await Promise.all([
    computeStats(db, filters, locale),
    listDomains(db, { locale }),
    listInstitutions(db, { locale }),
    listCountryGroups(db, { locale }),
  ]);
  return {
    pageTitle: t("stats.title"),
    filters,
    options: {
      domains: domains.map((d) => ({ value: d.slug, label: d.name })),
      institutions: institutions.map((i) => ({ value: i.slug, label: i.name })),
      groups: groups.map((g) => ({ value: g.slug, label: g.name })),
    },
    ...stats,
  };
}

export default function StatsPage() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const number = { format: (n: number) => formatNumber(n, i18n.language) };
  const percent = { format: (n: number) => formatPercent(n, i18n.language) };
  const { filters, options, totals, scheduled } = data;
  const groupName = (slug: string | null) =>
    slug ? (options.groups.find((g) => g.value === slug)?.label ?? slug) : t("stats.others");
  return (
    <div className="page">
      <p>
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("stats.title")}</h1>
      <Form method="get" className="filters" aria-label={t("stats.filters")}>
        <div className="filters__grid">
          <label>
            {t("stats.from")}
            <input type="date" name="from" defaultValue={filters.from ?? ""} />
          </label>
          <label>
            {t("stats.to")}
            <input type="date" name="to" defaultValue={filters.to ?? ""} />
          </label>
          <FilterSelect name="domain" label={t("stats.domain")} value={filters.domain} choices={options.domains} />
          <FilterSelect
            name="institution"
            label={t("stats.institution")}
            value={filters.institution}
            choices={options.institutions}
          />
          <FilterSelect
            name="mode"
            label={t("stats.mode")}
            value={filters.mode}
            choices={(["online", "offline", "hybrid"] as const).map((m) => ({
              value: m,
              label: t(`session.mode.${m}`),
            }))}
          />
          <FilterSelect
            name="group"
            label={t("stats.group")}
            value={filters.group}
            choices={[...options.groups, { value: "others", label: t("stats.others") }]}
          />
        </div>
        {filters.program ? <input type="hidden" name="program" value={filters.program} /> : null}
        <p className="button-row">
          <button type="submit">{t("stats.apply")}</button>
          <Link to="/admin/stats">{t("stats.reset")}</Link>
        </p>
      </Form>

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading">{t("stats.totalsHeading")}</h2>
        <dl className="stats-totals">
          <dt>{t("stats.sessions")}</dt>
          <dd>{number.format(totals.sessions)}</dd>
          <dt>{t("stats.registrations")}</dt>
          <dd>{number.format(totals.registrations)}</dd>
          <dt>{t("stats.participantTimes")}</dt>
          <dd>{number.format(totals.participantTimes)}</dd>
          <dt>{t("stats.distinctParticipants")}</dt>
          <dd>{number.format(totals.distinctParticipants)}</dd>
          <dt>{t("stats.countries")}</dt>
          <dd>{number.format(totals.countries)}</dd>
          <dt>{t("stats.attendanceRate")}</dt>
          <dd>{totals.attendanceRate === null ? "—" : percent.format(totals.attendanceRate)}</dd>
        </dl>
        <p className="muted">{t("stats.upToToday")}</p>
        {scheduled && scheduled.sessions > 0 ? (
          <p>
            {t("stats.scheduled", {
              sessions: number.format(scheduled.sessions),
              registrations: number.format(scheduled.registrations),
              confirmed: number.format(scheduled.confirmed),
            })}
          </p>
        ) : null}
      </section>

      <p>
        <a href={`/admin/stats/export.csv${location.search}`}>{t("stats.exportCsv")}</a> ·{" "}
        <a href={`/admin/stats/export.xlsx${location.search}`}>{t("stats.exportXlsx")}</a> ·{" "}
        <a
          href={`/admin/stats/export.csv?${new URLSearchParams([...new URLSearchParams(location.search), ["table", "registrations"]])}`}
        >
          {t("stats.exportRegistrations")}
        </a>
      </p>

      <div className="charts">
        <BarChart
          title={t("stats.chartByCountry")}
          format={(n) => number.format(n)}
          // By country whatever its group then (a country that joined BRICS has two table rows, one bar).
          data={data.countryByDomain.slice(0, 15).map((row) => ({ label: row.name, value: row.total }))}
        />
        <TrendChart
          title={t("stats.chartByMonth")}
          format={(n) => number.format(n)}
          data={everyMonth(data.byMonth.map((row) => ({ label: row.month, value: row.participantTimes })))}
        />
        <ShareChart
          title={t("stats.chartByDomain")}
          format={(n) => number.format(n)}
          data={data.byDomain
            .filter((row) => row.participantTimes > 0)
            .map((row) => ({ label: row.name, value: row.participantTimes }))}
        />
      </div>

      <FigureTable
        id="by-country"
        heading={t("stats.byCountry")}
        rows={data.byCountry.map((row) => ({
          key: `${row.code}-${row.group ?? ""}`,
          label: `${row.name} (${row.code})`,
          extra: groupName(row.group),
          figures: row,
        }))}
        extraHeading={t("stats.group")}
      />
      {/* Not a landmark itself: the table's scrolling frame is, under the same name. */}
      <section>
        <h2 id="pivot-heading">{t("stats.countryByDomain")}</h2>
        {data.countryByDomain.length === 0 ? (
          <p>{t("stats.none")}</p>
        ) : (
          <ScrollRegion label={t("stats.countryByDomain")}>
            <table className="figures">
              <thead>
                <tr>
                  <th scope="col">{t("stats.country")}</th>
                  {data.byDomain.map((domain) => (
                    <th scope="col" key={domain.id}>
                      {domain.name}
                    </th>
                  ))}
                  <th scope="col">{t("stats.participantTimes")}</th>
                </tr>
              </thead>
              <tbody>
                {data.countryByDomain.map((row) => (
                  <tr key={row.code}>
                    <th scope="row">{row.name}</th>
                    {data.byDomain.map((domain) => (
                      <td key={domain.id}>{number.format(row.cells[domain.id] ?? 0)}</td>
                    ))}
                    <td>{number.format(row.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
      <FigureTable
        id="by-domain"
        heading={t("stats.byDomain")}
        rows={data.byDomain.map((row) => ({ key: String(row.id), label: row.name, figures: row }))}
      />
      <FigureTable
        id="by-institution"
        heading={t("stats.byInstitution")}
        rows={data.byInstitution.map((row) => ({ key: String(row.id), label: row.name, figures: row }))}
      />
      <FigureTable
        id="by-program"
        heading={t("stats.byProgram")}
        rows={data.byProgram.map((row) => ({ key: String(row.id), label: row.name, figures: row }))}
      />
      <FigureTable
        id="by-month"
        heading={t("stats.byMonth")}
        rows={data.byMonth.map((row) => ({ key: row.month, label: row.month, figures: row }))}
      />

      <section aria-labelledby="definitions-heading">
        <h2 id="definitions-heading">{t("stats.definitionsHeading")}</h2>
        <ul>
          {STATS_DEFINITIONS.map((key) => (
            <li key={key}>{t(`stats.definitions.${key}`)}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}

/** Months without sessions between the first and the last, as zeros, so the trend does not skip them. */
function everyMonth(points: { label: string; value: number }[]) {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return points;
  const values = new Map(points.map((p) => [p.label, p.value]));
  const filled: { label: string; value: number }[] = [];
  let [year, month] = first.label.split("-").map(Number) as [number, number];
  for (let label = first.label; label <= last.label && filled.length < 600;) {
    filled.push({ label, value: values.get(label) ?? 0 });
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
    label = `${year}-${String(month).padStart(2, "0")}`;
  }
  return filled;
}

function FilterSelect({
  name,
  label,
  value,
  choices,
}: {
  name: string;
  label: string;
  value: string | undefined;
  choices: { value: string; label: string }[];
}) {
  const { t } = useTranslation();
  return (
    <label>
      {label}
      <select name={name} defaultValue={value ?? ""}>
        <option value="">{t("stats.any")}</option>
        {choices.map((choice) => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function FigureTable({
  id,
  heading,
  rows,
  extraHeading,
}: {
  id: string;
  heading: string;
  rows: { key: string; label: string; extra?: string; figures: Figures }[];
  extraHeading?: string;
}) {
  const { t, i18n } = useTranslation();
  const number = { format: (n: number) => formatNumber(n, i18n.language) };
  const percent = { format: (n: number) => formatPercent(n, i18n.language) };
  return (
    // Not a landmark itself: the table's scrolling frame is, under the same name.
    <section>
      <h2 id={`${id}-heading`}>{heading}</h2>
      {rows.length === 0 ? (
        <p>{t("stats.none")}</p>
      ) : (
        <ScrollRegion label={heading}>
          <table className="figures">
            <thead>
              <tr>
                <th scope="col">{t("stats.name")}</th>
                {extraHeading ? <th scope="col">{extraHeading}</th> : null}
                <th scope="col">{t("stats.registrations")}</th>
                <th scope="col">{t("stats.participantTimes")}</th>
                <th scope="col">{t("stats.distinctParticipants")}</th>
                <th scope="col">{t("stats.attendanceDays")}</th>
                <th scope="col">{t("stats.attendanceRate")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.label}</th>
                  {extraHeading ? <td>{row.extra}</td> : null}
                  <td>{number.format(row.figures.registrations)}</td>
                  <td>{number.format(row.figures.participantTimes)}</td>
                  <td>{number.format(row.figures.distinctParticipants)}</td>
                  <td>{number.format(row.figures.attendanceDays)}</td>
                  <td>{row.figures.attendanceRate === null ? "—" : percent.format(row.figures.attendanceRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
