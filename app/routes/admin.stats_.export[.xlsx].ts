import { getTranslator } from "~/i18n/i18next.server";
import { recordAuditEvent } from "~/models/audit.server";
import { listCountryGroups } from "~/models/organizer.server";
import { STATS_DEFINITIONS } from "~/models/stats-definitions";
import { computeStats } from "~/models/stats.server";
import { requireRole } from "~/utils/auth.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { xlsxResponse, type Cell } from "~/utils/downloads.server";
import { registrationSheet } from "~/utils/stats-export.server";
import { parseStatsQuery, STATS_PARAMS } from "~/validation/stats-filters";
import type { Route } from "./+types/admin.stats_.export[.xlsx]";

/**
 * The dashboard as a workbook: a summary with the filters and definitions, then each table.
 * The last sheet holds every registration behind the figures (no personal data), written page
 * by page with exceljs's streaming writer, so 160,000 rows never sit in memory.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  const filters = parseStatsQuery(new URL(request.url).searchParams);
  const groups = new Map(listCountryGroups({ locale }).map((g) => [g.slug, g.name]));
  recordAuditEvent({
    actorUserId: organizer.id,
    action: "stats.exported",
    entityType: "stats",
    entityId: "statistics.xlsx",
    details: { filters },
  });

  const figureHeaders = [
    { header: t("stats.registrations"), width: 14 },
    { header: t("stats.participantTimes"), width: 16 },
    { header: t("stats.distinctParticipants"), width: 18 },
    { header: t("stats.attendanceDays"), width: 16 },
    { header: t("stats.confirmed"), width: 12 },
  ];
  const figures = (row: {
    registrations: number;
    participantTimes: number;
    distinctParticipants: number;
    attendanceDays: number;
    confirmed: number;
  }): Cell[] => [row.registrations, row.participantTimes, row.distinctParticipants, row.attendanceDays, row.confirmed];

  return xlsxResponse("participation-statistics.xlsx", async ({ sheet }) => {
    const stats = computeStats(filters, locale);
    const totals = stats.totals;
    await sheet(
      t("stats.totalsHeading"),
      [
        { header: t("stats.name"), width: 40 },
        { header: "", width: 60 },
      ],
      [
        ...STATS_PARAMS.map((key): Cell[] => [key, filters[key] === undefined ? "" : String(filters[key])]),
        [t("stats.sessions"), totals.sessions],
        [t("stats.registrations"), totals.registrations],
        [t("stats.participantTimes"), totals.participantTimes],
        [t("stats.distinctParticipants"), totals.distinctParticipants],
        [t("stats.attendanceDays"), totals.attendanceDays],
        [t("stats.countries"), totals.countries],
        [t("stats.attendanceRate"), totals.attendanceRate],
        ...STATS_DEFINITIONS.map((key): Cell[] => [t(`stats.definitions.${key}`), ""]),
      ],
    );
    await sheet(
      t("stats.byCountry"),
      [
        { header: t("stats.isoCode"), width: 10 },
        { header: t("stats.country"), width: 30 },
        { header: t("stats.group"), width: 24 },
        ...figureHeaders,
      ],
      stats.byCountry.map((row) => [
        row.code,
        row.name,
        row.group ? (groups.get(row.group) ?? row.group) : t("stats.others"),
        ...figures(row),
      ]),
    );
    await sheet(
      t("stats.byDomain"),
      [{ header: t("stats.domain"), width: 40 }, ...figureHeaders],
      stats.byDomain.map((row) => [row.name, ...figures(row)]),
    );
    await sheet(
      t("stats.byInstitution"),
      [{ header: t("stats.institution"), width: 40 }, ...figureHeaders],
      stats.byInstitution.map((row) => [row.name, ...figures(row)]),
    );
    await sheet(
      t("stats.byMonth"),
      [{ header: t("stats.month"), width: 10 }, ...figureHeaders],
      stats.byMonth.map((row) => [row.month, ...figures(row)]),
    );
    await sheet(
      t("stats.sessions"),
      [
        { header: "ID", width: 8 },
        { header: t("stats.name"), width: 50 },
        { header: t("stats.institution"), width: 30 },
        { header: t("stats.from"), width: 12 },
        { header: t("stats.mode"), width: 10 },
        ...figureHeaders,
      ],
      stats.bySession.map((row) => [
        row.id,
        row.title,
        row.institution,
        row.startDate,
        t(`session.mode.${row.mode}`),
        ...figures(row),
      ]),
    );
    const registrations = registrationSheet(filters, locale, t, groups);
    await sheet(t("stats.registrationsSheet"), registrations.columns, registrations.rows);
  });
}
