import { registrationRecords, type StatsFilters } from "~/models/stats.server";
import type { Db } from "./db.server";
import type { SheetColumn } from "./downloads.server";
import { dateCell, type Cell } from "./spreadsheet";

type Translate = (key: string) => string;

function memoize(t: Translate): Translate {
  const known = new Map<string, string>();
  return (key) => {
    let text = known.get(key);
    if (text === undefined) known.set(key, (text = t(key)));
    return text;
  };
}

/**
 * Every registration behind the figures as spreadsheet rows, page by page (the "Registrations"
 * sheet and `export.csv?table=registrations`): what analysts pivot on themselves.
 */
export function registrationSheet(
  db: Db,
  filters: StatsFilters,
  locale: string,
  t: Translate,
  groups: Map<string, string>,
) {
  const columns: SheetColumn[] = [
    { header: t("stats.registrationId"), width: 12 },
    { header: t("stats.sessionId"), width: 10 },
    { header: t("stats.from"), width: 12 },
    { header: t("stats.name"), width: 50 },
    { header: t("stats.institution"), width: 30 },
    { header: t("stats.program"), width: 36 },
    { header: t("stats.domain"), width: 30 },
    { header: t("stats.mode"), width: 10 },
    { header: t("stats.isoCode"), width: 8 },
    { header: t("stats.country"), width: 24 },
    { header: t("stats.group"), width: 20 },
    { header: t("roster.status"), width: 12 },
    { header: t("stats.attendanceDays"), width: 14 },
  ];
  // Labels looked up once: a translation lookup per cell would cost seconds over 160,000 rows.
  const label = memoize(t);
  const others = t("stats.others");
  async function* rows(): AsyncGenerator<Cell[][]> {
    for await (const page of registrationRecords(db, filters, locale))
      yield page.map((r) => [
        r.id,
        r.sessionId,
        dateCell(r.startDate),
        r.title,
        r.institution,
        r.program,
        r.domain,
        label(`session.mode.${r.mode}`),
        r.countryCode,
        r.countryName,
        r.group ? (groups.get(r.group) ?? r.group) : others,
        label(`enrollment.status.${r.status}`),
        r.attendedDays,
      ]);
  }
  return { columns, rows: rows() };
}
