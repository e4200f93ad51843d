import { getTranslator } from "~/i18n/i18next.server";
import { listCountryGroups } from "~/models/organizer.server";
import { recordStatsExport, statsByCountry } from "~/models/stats.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { registrationSheet } from "~/utils/stats-export.server";
import { csvResponse } from "~/utils/downloads.server";
import { parseStatsQuery } from "~/validation/stats-filters";
import type { Route } from "./+types/admin.stats_.export[.csv]";

/**
 * The dashboard's by-country table, with its filters, as CSV for Excel (UTF-8 with BOM); with
 * `table=registrations`, every registration behind the figures instead, streamed.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  const filters = parseStatsQuery(new URL(request.url).searchParams);
  const db = getDb();
  const groups = new Map((await listCountryGroups(db, { locale })).map((g) => [g.slug, g.name]));
  const everyRegistration = new URL(request.url).searchParams.get("table") === "registrations";
  await recordStatsExport(db, {
    actorUserId: organizer.id,
    file: everyRegistration ? "registrations.csv" : "by-country.csv",
    filters,
  });
  if (everyRegistration) {
    const { columns, rows } = registrationSheet(db, filters, locale, t, groups);
    return csvResponse(
      "participation-registrations.csv",
      columns.map((c) => c.header),
      rows,
    );
  }
  const rows = await statsByCountry(db, filters, locale);
  return csvResponse(
    "participation-by-country.csv",
    [
      t("stats.isoCode"),
      t("stats.country"),
      t("stats.group"),
      t("stats.registrations"),
      t("stats.participantTimes"),
      t("stats.distinctParticipants"),
      t("stats.attendanceDays"),
      t("stats.confirmed"),
    ],
    rows.map((row) => [
      row.code,
      row.name,
      row.group ? (groups.get(row.group) ?? row.group) : t("stats.others"),
      row.registrations,
      row.participantTimes,
      row.distinctParticipants,
      row.attendanceDays,
      row.confirmed,
    ]),
  );
}
