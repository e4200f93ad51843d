import { getTranslator } from "~/i18n/i18next.server";
import { listDomains, listInstitutions } from "~/models/catalog.server";
import { listCountryGroups } from "~/models/organizer.server";
import { STATS_DEFINITIONS } from "~/models/stats-definitions";
import { computeStatsWithSessions, recordStatsExport, type Figures, type Stats } from "~/models/stats.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { xlsxResponse } from "~/utils/downloads.server";
import { dateCell, monthCell, percentCell, type Cell } from "~/utils/spreadsheet";
import { registrationSheet } from "~/utils/stats-export.server";
import { parseStatsQuery, STATS_PARAMS } from "~/validation/stats-filters";
import type { Route } from "./+types/admin.stats_.export[.xlsx]";

type Translate = (key: string, options?: Record<string, unknown>) => string;
type StatsParam = (typeof STATS_PARAMS)[number];
type StatsFilters = ReturnType<typeof parseStatsQuery>;

/** Each filter's name, as the dashboard's form labels it. */
const FILTER_LABELS: Record<StatsParam, string> = {
  from: "stats.from",
  to: "stats.to",
  domain: "stats.domain",
  institution: "stats.institution",
  program: "stats.program",
  mode: "stats.mode",
  group: "stats.group",
};

/**
 * The dashboard as a workbook: a summary with the filters (named as on the dashboard), the
 * totals and the definitions, then each of its tables, the country × domain table included. The
 * last sheet holds every registration behind the figures (no personal data), written page by
 * page, so 160,000 rows never sit in memory. Dates are date cells, rates percentages.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  const filters = parseStatsQuery(new URL(request.url).searchParams);
  const db = getDb();
  const groups = new Map((await listCountryGroups(db, { locale })).map((g) => [g.slug, g.name]));
  await recordStatsExport(db, { actorUserId: organizer.id, file: "statistics.xlsx", filters });

  const figureColumns = [
    { header: t("stats.registrations"), width: 14 },
    { header: t("stats.participantTimes"), width: 16 },
    { header: t("stats.distinctParticipants"), width: 18 },
    { header: t("stats.attendanceDays"), width: 16 },
    { header: t("stats.confirmed"), width: 12 },
    { header: t("stats.attendanceRate"), width: 14 },
  ];
  const figures = (row: Figures): Cell[] => [
    row.registrations,
    row.participantTimes,
    row.distinctParticipants,
    row.attendanceDays,
    row.confirmed,
    percentCell(row.attendanceRate),
  ];
  const groupName = (slug: string | null) => (slug ? (groups.get(slug) ?? slug) : t("stats.others"));
  const named = (label: string) => ({ header: label, width: 40 });

  return xlsxResponse("participation-statistics.xlsx", async ({ sheet }) => {
    const stats = await computeStatsWithSessions(db, filters, locale);
    // The Totals sheet names a filtered domain or institution: their lists, kept until the catalog changes.
    const [domains, institutions] = await Promise.all([listDomains(db, { locale }), listInstitutions(db, { locale })]);
    await sheet(
      t("stats.totalsHeading"),
      [
        { header: t("stats.exportItem"), width: 44 },
        { header: t("stats.exportValue"), width: 60 },
      ],
      totalsRows(stats, filters, { t, groupName, domains, institutions }),
    );
    await sheet(
      t("stats.byCountry"),
      [
        { header: t("stats.isoCode"), width: 10 },
        { header: t("stats.country"), width: 30 },
        { header: t("stats.group"), width: 24 },
        ...figureColumns,
      ],
      stats.byCountry.map((row) => [row.code, row.name, groupName(row.group), ...figures(row)]),
    );
    await sheet(
      t("stats.byDomain"),
      [named(t("stats.domain")), ...figureColumns],
      stats.byDomain.map((row) => [row.name, ...figures(row)]),
    );
    await sheet(
      t("stats.byInstitution"),
      [named(t("stats.institution")), ...figureColumns],
      stats.byInstitution.map((row) => [row.name, ...figures(row)]),
    );
    await sheet(
      t("stats.byProgram"),
      [named(t("stats.program")), ...figureColumns],
      stats.byProgram.map((row) => [row.name, ...figures(row)]),
    );
    await sheet(
      t("stats.byMonth"),
      [{ header: t("stats.month"), width: 10 }, ...figureColumns],
      stats.byMonth.map((row) => [monthCell(row.month), ...figures(row)]),
    );
    // Participant-times by country (whatever its group then) and domain, as on the dashboard.
    await sheet(
      t("stats.countryByDomainSheet"),
      [
        { header: t("stats.isoCode"), width: 10 },
        { header: t("stats.country"), width: 30 },
        ...stats.byDomain.map((domain) => ({ header: domain.name, width: 18 })),
        { header: t("stats.participantTimes"), width: 16 },
      ],
      stats.countryByDomain.map((row) => [
        row.code,
        row.name,
        ...stats.byDomain.map((domain) => row.cells[domain.id] ?? 0),
        row.total,
      ]),
    );
    await sheet(
      t("stats.sessions"),
      [
        { header: t("stats.sessionId"), width: 10 },
        { header: t("stats.name"), width: 50 },
        { header: t("stats.institution"), width: 30 },
        { header: t("stats.from"), width: 12 },
        { header: t("stats.mode"), width: 10 },
        ...figureColumns,
      ],
      stats.bySession.map((row) => [
        row.id,
        row.title,
        row.institution,
        dateCell(row.startDate),
        t(`session.mode.${row.mode}`),
        ...figures(row),
      ]),
    );
    const registrations = registrationSheet(db, filters, locale, t, groups);
    await sheet(t("stats.registrationsSheet"), registrations.columns, registrations.rows);
  });
}

/**
 * The Totals sheet: each filter by its name and value (a domain's or institution's name, not its
 * slug), the totals, what is scheduled beyond today, and the definitions the figures follow.
 */
function totalsRows(
  stats: Stats,
  filters: StatsFilters,
  {
    t,
    groupName,
    domains,
    institutions,
  }: {
    t: Translate;
    groupName: (slug: string | null) => string;
    domains: { slug: string; name: string }[];
    institutions: { slug: string; name: string }[];
  },
): Cell[][] {
  const any = t("stats.any");
  const nameOf = (list: { slug: string; name: string }[], slug: string) =>
    list.find((item) => item.slug === slug)?.name ?? slug;
  const filterValue: { [K in StatsParam]: (value: NonNullable<StatsFilters[K]>) => Cell } = {
    from: dateCell,
    to: dateCell,
    domain: (slug) => nameOf(domains, slug),
    institution: (slug) => nameOf(institutions, slug),
    program: (id) => stats.byProgram.find((program) => program.id === id)?.name ?? String(id),
    mode: (mode) => t(`session.mode.${mode}`),
    group: (slug) => (slug === "others" ? t("stats.others") : groupName(slug)),
  };
  const filterRow = <K extends StatsParam>(key: K): Cell[] => {
    const value = filters[key];
    return [t(FILTER_LABELS[key]), value === undefined ? any : filterValue[key](value as NonNullable<StatsFilters[K]>)];
  };
  const { totals, scheduled } = stats;
  return [
    ...STATS_PARAMS.map(filterRow),
    [t("stats.sessions"), totals.sessions],
    [t("stats.registrations"), totals.registrations],
    [t("stats.participantTimes"), totals.participantTimes],
    [t("stats.distinctParticipants"), totals.distinctParticipants],
    [t("stats.attendanceDays"), totals.attendanceDays],
    [t("stats.confirmed"), totals.confirmed],
    [t("stats.countries"), totals.countries],
    [t("stats.attendanceRate"), percentCell(totals.attendanceRate)],
    ...(scheduled && scheduled.sessions > 0
      ? [
          [t("stats.scheduledSessions"), scheduled.sessions],
          [t("stats.scheduledRegistrations"), scheduled.registrations],
        ]
      : []),
    [t("stats.upToToday"), null],
    ...STATS_DEFINITIONS.map((key): Cell[] => [t(`stats.definitions.${key}`), null]),
  ];
}
