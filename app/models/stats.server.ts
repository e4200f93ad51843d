/**
 * Participation statistics, by the definitions the organizers report upward (shown on the
 * dashboard too):
 * - registrations: places taken (confirmed or waitlisted, not cancelled) in sessions of the period;
 * - participant-times (人次): (trainee, session) pairs with attendance on at least one day;
 * - distinct participants: persons with at least one attended session in the period;
 * - attendance-days: attended (registration, day) records;
 * - attendance rate: participant-times ÷ confirmed places.
 * A trainee counts under the country on their registration (a snapshot), so history never moves.
 * The period is the sessions' start date in Xiamen (Asia/Shanghai), where the office reports from.
 */
import { pickLocalized } from "../i18n/localized";
import type { LocalizedText } from "../../db/schema/columns";
import { getDb } from "../utils/db.server";
import { zonedLocalToUtc } from "../utils/time-zone";
import { countryName } from "./countries.server";

export const REPORTING_TIME_ZONE = "Asia/Shanghai";

export type StatsFilters = {
  from?: string;
  to?: string;
  domain?: string;
  institution?: string;
  program?: number;
  mode?: "online" | "offline" | "hybrid";
  /** A country group's slug, or "others" for countries in no group. */
  group?: string;
};

export type Figures = {
  registrations: number;
  confirmed: number;
  participantTimes: number;
  distinctParticipants: number;
  attendanceDays: number;
  /** participantTimes ÷ confirmed; null when nobody was confirmed. */
  attendanceRate: number | null;
};

const DAY_MS = 86_400_000;

/** The session's start date in Xiamen, as SQL over `s.starts_at`. */
const startDay = `date((s.starts_at + 8 * 3600000) / 1000, 'unixepoch')`;
/** The country group of a registration's country on its session's start date (null: none). */
const groupOf = `(select g.slug from country_group_memberships m join country_groups g on g.id = m.group_id
  where m.country_code = r.country_code and m.since <= ${startDay} and (m.until is null or m.until > ${startDay})
  order by g.sort_order limit 1)`;

function whereClause(filters: StatsFilters): { sql: string; params: unknown[] } {
  const conditions = ["s.status != 'draft'"];
  const params: unknown[] = [];
  if (filters.from) {
    conditions.push("s.starts_at >= ?");
    params.push(zonedLocalToUtc(`${filters.from}T00:00`, REPORTING_TIME_ZONE).getTime());
  }
  if (filters.to) {
    conditions.push("s.starts_at < ?");
    params.push(zonedLocalToUtc(`${filters.to}T00:00`, REPORTING_TIME_ZONE).getTime() + DAY_MS);
  }
  if (filters.domain) {
    conditions.push("d.slug = ?");
    params.push(filters.domain);
  }
  if (filters.institution) {
    conditions.push("i.slug = ?");
    params.push(filters.institution);
  }
  if (filters.program) {
    conditions.push("p.id = ?");
    params.push(filters.program);
  }
  if (filters.mode) {
    conditions.push("s.mode = ?");
    params.push(filters.mode);
  }
  return { sql: conditions.join(" and "), params };
}

/**
 * One row per registration of the filtered sessions with what the definitions need; every
 * table of the dashboard groups this.
 */
function factsQuery(filters: StatsFilters) {
  const where = whereClause(filters);
  const groupCondition = filters.group ? (filters.group === "others" ? "where grp is null" : "where grp = ?") : "";
  const params = [...where.params, ...(filters.group && filters.group !== "others" ? [filters.group] : [])];
  const sql = `with facts as (
      select r.id, r.user_id, r.country_code, r.status, s.id as session_id,
        strftime('%Y-%m', ${startDay}) as month,
        d.id as domain_id, i.id as institution_id, p.id as program_id,
        ${groupOf} as grp,
        (select count(*) from attendance a where a.registration_id = r.id and a.attended = 1) as days
      from registrations r
      join training_sessions s on s.id = r.session_id
      join courses c on c.id = s.course_id
      join programs p on p.id = c.program_id
      join institutions i on i.id = p.institution_id
      join domains d on d.id = p.domain_id
      where ${where.sql}
    ),
    chosen as (select * from facts ${groupCondition})`;
  return { sql, params };
}

const FIGURE_COLUMNS = `
  sum(chosen.status != 'cancelled') as registrations,
  sum(chosen.status = 'confirmed') as confirmed,
  sum(chosen.days > 0) as participantTimes,
  count(distinct case when chosen.days > 0 then chosen.user_id end) as distinctParticipants,
  sum(chosen.days) as attendanceDays`;

type FigureRow = Omit<Figures, "attendanceRate">;

function withRate<T extends FigureRow>(row: T): T & { attendanceRate: number | null } {
  return {
    ...row,
    registrations: row.registrations ?? 0,
    confirmed: row.confirmed ?? 0,
    participantTimes: row.participantTimes ?? 0,
    attendanceDays: row.attendanceDays ?? 0,
    attendanceRate: row.confirmed ? row.participantTimes / row.confirmed : null,
  };
}

function grouped<K extends string>(filters: StatsFilters, key: string, alias: K) {
  const { sql, params } = factsQuery(filters);
  return getDb()
    .$client.prepare(
      `${sql} select ${key} as ${alias}, ${FIGURE_COLUMNS} from chosen group by 1 having registrations > 0 or participantTimes > 0 order by participantTimes desc, registrations desc, 1`,
    )
    .all(...params) as (FigureRow & Record<K, string | number | null>)[];
}

export function statsTotals(filters: StatsFilters): Figures & { sessions: number; countries: number } {
  const { sql, params } = factsQuery(filters);
  const row = getDb()
    .$client.prepare(
      `${sql} select ${FIGURE_COLUMNS}, count(distinct case when days > 0 then country_code end) as countries from chosen`,
    )
    .get(...params) as FigureRow & { countries: number };
  const where = whereClause(filters);
  const sessions = getDb()
    .$client.prepare(
      `select count(*) from training_sessions s join courses c on c.id = s.course_id join programs p on p.id = c.program_id
       join institutions i on i.id = p.institution_id join domains d on d.id = p.domain_id
       where ${where.sql} and s.status != 'cancelled'`,
    )
    .pluck()
    .get(...where.params) as number;
  return { ...withRate(row), sessions, countries: row.countries ?? 0 };
}

export function statsByCountry(filters: StatsFilters, locale: string) {
  return grouped(filters, "country_code || '|' || coalesce(grp, '')", "key").map((row) => {
    const [code = "", group = ""] = String(row.key).split("|");
    return { ...withRate(row), code, name: countryName(code, locale), group: group || null };
  });
}

function names(table: "domains" | "institutions" | "programs", column: "name" | "title", locale: string) {
  const rows = getDb().$client.prepare(`select id, ${column} as text from ${table}`).all() as {
    id: number;
    text: string;
  }[];
  return new Map(rows.map((r) => [r.id, pickLocalized(JSON.parse(r.text) as LocalizedText, locale)]));
}

export function statsByDomain(filters: StatsFilters, locale: string) {
  const name = names("domains", "name", locale);
  return grouped(filters, "domain_id", "id").map((row) => ({ ...withRate(row), name: name.get(Number(row.id)) ?? "" }));
}

export function statsByInstitution(filters: StatsFilters, locale: string) {
  const name = names("institutions", "name", locale);
  return grouped(filters, "institution_id", "id").map((row) => ({
    ...withRate(row),
    name: name.get(Number(row.id)) ?? "",
  }));
}

export function statsByProgram(filters: StatsFilters, locale: string) {
  const name = names("programs", "title", locale);
  return grouped(filters, "program_id", "id").map((row) => ({
    ...withRate(row),
    name: name.get(Number(row.id)) ?? "",
  }));
}

export function statsByMonth(filters: StatsFilters) {
  const { sql, params } = factsQuery(filters);
  return (
    getDb()
      .$client.prepare(`${sql} select month, ${FIGURE_COLUMNS} from chosen group by month order by month`)
      .all(...params) as (FigureRow & { month: string })[]
  ).map((row) => withRate(row));
}

/** One row per session of the period (with its place counts), for the workbook's Sessions sheet. */
export function statsBySession(filters: StatsFilters, locale: string) {
  const { sql, params } = factsQuery(filters);
  const rows = getDb()
    .$client.prepare(
      `${sql} select chosen.session_id as id, s.starts_at as startsAt, s.mode as mode, s.title as sessionTitle,
         c.title as courseTitle, c.code as courseCode, i.name as institutionName, ${FIGURE_COLUMNS}
       from chosen join training_sessions s on s.id = chosen.session_id join courses c on c.id = s.course_id
       join programs p on p.id = c.program_id join institutions i on i.id = p.institution_id
       group by chosen.session_id order by s.starts_at, chosen.session_id`,
    )
    .all(...params) as (FigureRow & {
    id: number;
    startsAt: number;
    mode: string;
    sessionTitle: string | null;
    courseTitle: string;
    courseCode: string;
    institutionName: string;
  })[];
  return rows.map(({ sessionTitle, courseTitle, institutionName, ...row }) => ({
    ...withRate(row),
    title: pickLocalized(JSON.parse(sessionTitle ?? courseTitle) as LocalizedText, locale),
    institution: pickLocalized(JSON.parse(institutionName) as LocalizedText, locale),
    startDate: new Date(row.startsAt + 8 * 3_600_000).toISOString().slice(0, 10),
  }));
}
