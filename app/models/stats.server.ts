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
import { getDb, preparedStatements } from "../utils/db.server";
import { zonedLocalToUtc } from "../utils/time-zone";
import { countryName } from "./countries.server";

import { REPORTING_TIME_ZONE } from "./stats-definitions";

export { REPORTING_TIME_ZONE };

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

type SessionFacts = {
  id: number;
  status: string;
  startsAt: number;
  day: string;
  month: string;
  mode: string;
  domainId: number;
  institutionId: number;
  programId: number;
  title: string;
  institution: string;
};

type Bucket = Omit<Figures, "attendanceRate" | "distinctParticipants"> & { people: Set<number> };

const emptyBucket = (): Bucket => ({
  registrations: 0,
  confirmed: 0,
  participantTimes: 0,
  attendanceDays: 0,
  people: new Set(),
});

function figuresOf(bucket: Bucket): Figures {
  const { people, ...counts } = bucket;
  return {
    ...counts,
    distinctParticipants: people.size,
    attendanceRate: counts.confirmed ? counts.participantTimes / counts.confirmed : null,
  };
}

function add(map: Map<string, Bucket>, key: string, row: { userId: number; status: string; days: number }) {
  let bucket = map.get(key);
  if (!bucket) map.set(key, (bucket = emptyBucket()));
  if (row.status !== "cancelled") bucket.registrations++;
  if (row.status === "confirmed") bucket.confirmed++;
  if (row.days > 0) {
    bucket.participantTimes++;
    bucket.attendanceDays += row.days;
    bucket.people.add(row.userId);
  }
}

/** Which country group a country was in on a date; memberships are dated (Egypt from 2024). */
function groupLookup() {
  const memberships = getDb()
    .$client.prepare(
      `select m.country_code as code, m.since, m.until, g.slug from country_group_memberships m
       join country_groups g on g.id = m.group_id order by g.sort_order, g.id`,
    )
    .all() as { code: string; since: string; until: string | null; slug: string }[];
  const cache = new Map<string, string | null>();
  return (code: string, day: string): string | null => {
    const key = `${code}|${day}`;
    let group = cache.get(key);
    if (group === undefined) {
      group =
        memberships.find((m) => m.code === code && m.since <= day && (m.until === null || m.until > day))?.slug ?? null;
      cache.set(key, group);
    }
    return group;
  };
}

/**
 * Every figure of the dashboard in one pass over the period's registrations: SQLite selects the
 * rows (with each one's attended days), the grouping happens here, once for all tables.
 */
function computeStatsNow(filters: StatsFilters, locale: string) {
  const db = getDb().$client;
  const where = whereClause(filters);
  const joins = `join courses c on c.id = s.course_id join programs p on p.id = c.program_id
    join institutions i on i.id = p.institution_id join domains d on d.id = p.domain_id`;
  const sessionRows = db
    .prepare(
      `select s.id, s.status, s.starts_at as startsAt, ${startDay} as day, s.mode, p.domain_id as domainId,
         p.institution_id as institutionId, p.id as programId, coalesce(s.title, c.title) as title, i.name as institution
       from training_sessions s ${joins} where ${where.sql}`,
    )
    .all(...where.params) as (Omit<SessionFacts, "month" | "title" | "institution"> & {
    title: string;
    institution: string;
  })[];
  const sessions = new Map<number, SessionFacts>();
  for (const row of sessionRows)
    sessions.set(row.id, {
      ...row,
      month: row.day.slice(0, 7),
      title: pickLocalized(JSON.parse(row.title) as LocalizedText, locale),
      institution: pickLocalized(JSON.parse(row.institution) as LocalizedText, locale),
    });

  const registrations = db
    .prepare(
      `select r.user_id, r.country_code, r.session_id, r.status, r.attended_days
       from registrations r join training_sessions s on s.id = r.session_id ${joins} where ${where.sql}`,
    )
    .raw()
    .all(...where.params) as [number, string, number, string, number][];

  const groupOf = groupLookup();
  const total = new Map<string, Bucket>();
  const byCountry = new Map<string, Bucket>();
  const byDomain = new Map<string, Bucket>();
  const byInstitution = new Map<string, Bucket>();
  const byProgram = new Map<string, Bucket>();
  const byMonth = new Map<string, Bucket>();
  const bySession = new Map<string, Bucket>();
  const byYear = new Map<string, Bucket>();
  const countries = new Set<string>();
  /** Countries with attendance, by year (the public impact page's "countries reached"). */
  const countriesByYear = new Map<string, Set<string>>();
  /** Participant-times by country code, then domain id. */
  const pivot = new Map<string, Map<number, number>>();
  for (const [userId, code, sessionId, status, days] of registrations) {
    const session = sessions.get(sessionId);
    if (!session) continue;
    const group = groupOf(code, session.day);
    if (filters.group && (filters.group === "others" ? group !== null : group !== filters.group)) continue;
    const row = { userId, status, days };
    add(total, "all", row);
    add(byCountry, `${code}|${group ?? ""}`, row);
    add(byDomain, String(session.domainId), row);
    add(byInstitution, String(session.institutionId), row);
    add(byProgram, String(session.programId), row);
    add(byMonth, session.month, row);
    add(bySession, String(sessionId), row);
    const year = session.day.slice(0, 4);
    add(byYear, year, row);
    if (days > 0) {
      countries.add(code);
      const reached = countriesByYear.get(year) ?? new Set<string>();
      reached.add(code);
      countriesByYear.set(year, reached);
      const row = pivot.get(code) ?? new Map<number, number>();
      row.set(session.domainId, (row.get(session.domainId) ?? 0) + 1);
      pivot.set(code, row);
    }
  }

  const ranked = <T>(map: Map<string, Bucket>, describe: (key: string) => T) =>
    [...map]
      .map(([key, bucket]) => ({ key, figures: figuresOf(bucket) }))
      .filter(({ figures }) => figures.registrations > 0 || figures.participantTimes > 0)
      .sort(
        (a, b) =>
          b.figures.participantTimes - a.figures.participantTimes ||
          b.figures.registrations - a.figures.registrations ||
          a.key.localeCompare(b.key),
      )
      .map(({ key, figures }) => ({ ...figures, ...describe(key) }));
  const domainNames = names("domains", "name", locale);
  const institutionNames = names("institutions", "name", locale);
  const programNames = names("programs", "title", locale);
  const domainSlugs = slugs("domains");
  const institutionSlugs = slugs("institutions");

  return {
    totals: {
      ...figuresOf(total.get("all") ?? emptyBucket()),
      sessions: [...sessions.values()].filter((session) => session.status !== "cancelled").length,
      countries: countries.size,
    },
    byCountry: ranked(byCountry, (key) => {
      const [code = "", group = ""] = key.split("|");
      return { code, name: countryName(code, locale), group: group || null };
    }),
    byDomain: ranked(byDomain, (key) => ({
      id: Number(key),
      slug: domainSlugs.get(Number(key)) ?? "",
      name: domainNames.get(Number(key)) ?? "",
    })),
    byInstitution: ranked(byInstitution, (key) => ({
      id: Number(key),
      slug: institutionSlugs.get(Number(key)) ?? "",
      name: institutionNames.get(Number(key)) ?? "",
    })),
    byProgram: ranked(byProgram, (key) => ({ id: Number(key), name: programNames.get(Number(key)) ?? "" })),
    countryByDomain: [...pivot]
      .map(([code, cells]) => ({
        code,
        name: countryName(code, locale),
        total: [...cells.values()].reduce((sum, n) => sum + n, 0),
        cells: Object.fromEntries(cells) as Record<number, number>,
      }))
      .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)),
    byMonth: [...byMonth]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([month, bucket]) => ({ month, ...figuresOf(bucket) })),
    byYear: [...byYear]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([year, bucket]) => ({ year, ...figuresOf(bucket), countries: countriesByYear.get(year)?.size ?? 0 })),
    bySession: [...bySession]
      .map(([key, bucket]) => {
        const session = sessions.get(Number(key));
        return {
          id: Number(key),
          title: session?.title ?? "",
          institution: session?.institution ?? "",
          startsAt: session?.startsAt ?? 0,
          startDate: session?.day ?? "",
          mode: session?.mode ?? "",
          ...figuresOf(bucket),
        };
      })
      .sort((a, b) => a.startsAt - b.startsAt || a.id - b.id),
  };
}

export type Stats = ReturnType<typeof computeStatsNow>;

/**
 * Computed figures, kept per process until the data moves: triggers (migration 0004) bump
 * `stats_version` on every change that can alter a figure, and one indexed read tells whether
 * it did. A handful of entries is enough: people look at a few filter sets at a time.
 */
const cache = new Map<string, { version: number; stats: Stats }>();
const CACHE_ENTRIES = 32;
const versionStatement = preparedStatements((db) =>
  db.$client.prepare<[], { version: number }>("select version from stats_version where id = 1"),
);

/** Every figure of the dashboard for these filters, in the viewer's language. */
export function computeStats(filters: StatsFilters, locale: string): Stats {
  const version = versionStatement().get()?.version ?? -1;
  const key = JSON.stringify([locale, filters]);
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    // Refresh its place, so the least recently used entry is the one dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit.stats;
  }
  const stats = computeStatsNow(filters, locale);
  cache.set(key, { version, stats });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return stats;
}

function names(table: "domains" | "institutions" | "programs", column: "name" | "title", locale: string) {
  const rows = getDb().$client.prepare(`select id, ${column} as text from ${table}`).all() as {
    id: number;
    text: string;
  }[];
  return new Map(rows.map((r) => [r.id, pickLocalized(JSON.parse(r.text) as LocalizedText, locale)]));
}

function slugs(table: "domains" | "institutions") {
  const rows = getDb().$client.prepare(`select id, slug from ${table}`).all() as { id: number; slug: string }[];
  return new Map(rows.map((r) => [r.id, r.slug]));
}

// One table at a time, for callers that need only one (an export, a test).
export const statsTotals = (filters: StatsFilters) => computeStats(filters, "en").totals;
export const statsByCountry = (filters: StatsFilters, locale: string) => computeStats(filters, locale).byCountry;
export const statsByDomain = (filters: StatsFilters, locale: string) => computeStats(filters, locale).byDomain;
export const statsByInstitution = (filters: StatsFilters, locale: string) =>
  computeStats(filters, locale).byInstitution;
export const statsByProgram = (filters: StatsFilters, locale: string) => computeStats(filters, locale).byProgram;
export const statsByMonth = (filters: StatsFilters) => computeStats(filters, "en").byMonth;
export const statsBySession = (filters: StatsFilters, locale: string) => computeStats(filters, locale).bySession;
