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
import { domains, institutions, programs } from "../../db/schema";
import { transaction, type Db } from "../utils/db.server";
import { recordAuditEvent } from "./audit.server";
import { countryName } from "./countries.server";
import {
  currentSnapshot,
  snapshotVersion,
  STATUS_CANCELLED,
  STATUS_CONFIRMED,
  type SessionFacts,
} from "./stats-snapshot.server";

import { REPORTING_TIME_ZONE } from "./stats-definitions";
import { localDate } from "../utils/time-zone";

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

/** Whether a session is in the filters' period, domain, institution, program and mode. */
function sessionMatcher(filters: StatsFilters) {
  const from = filters.from ?? "0000-00-00";
  const to = filters.to ?? "9999-99-99";
  return (session: SessionFacts) =>
    session.status !== "draft" &&
    session.day >= from &&
    session.day <= to &&
    (!filters.domain || session.domainSlug === filters.domain) &&
    (!filters.institution || session.institutionSlug === filters.institution) &&
    (!filters.program || session.programId === filters.program) &&
    (!filters.mode || session.mode === filters.mode);
}

/**
 * Counts per key (a country-and-group, a domain id, a month's position…) in flat typed arrays.
 * Rows arrive grouped by person, so "distinct participants" needs only the last person seen
 * per key, not a set.
 */
class Tally {
  /** Per key, six numbers side by side: registrations, confirmed, participant-times, attendance-days, distinct, seen. */
  private readonly cells: Int32Array;
  private readonly lastPerson: Int32Array;

  constructor(readonly size: number) {
    this.cells = new Int32Array(size * 6);
    this.lastPerson = new Int32Array(size).fill(-1);
  }

  add(key: number, status: number, days: number, person: number): void {
    const at = key * 6;
    const cells = this.cells;
    cells[at + 5] = 1;
    if (status !== STATUS_CANCELLED) cells[at]!++;
    if (status === STATUS_CONFIRMED) cells[at + 1]!++;
    if (days > 0) {
      cells[at + 2]!++;
      cells[at + 3]! += days;
      if (this.lastPerson[key] !== person) {
        this.lastPerson[key] = person;
        cells[at + 4]!++;
      }
    }
  }

  seen(key: number): boolean {
    return this.cells[key * 6 + 5] === 1;
  }

  figures(key: number): Figures {
    const at = key * 6;
    const confirmed = this.cells[at + 1] ?? 0;
    const participantTimes = this.cells[at + 2] ?? 0;
    return {
      registrations: this.cells[at] ?? 0,
      confirmed,
      participantTimes,
      distinctParticipants: this.cells[at + 4] ?? 0,
      attendanceDays: this.cells[at + 3] ?? 0,
      attendanceRate: confirmed ? participantTimes / confirmed : null,
    };
  }

  /** Keys with any registration, as [key, figures]. */
  *entries(): Generator<[number, Figures]> {
    for (let key = 0; key < this.size; key++) if (this.seen(key)) yield [key, this.figures(key)];
  }
}

const byRank = <T extends { figures: Figures; name: string }>(a: T, b: T) =>
  b.figures.participantTimes - a.figures.participantTimes ||
  b.figures.registrations - a.figures.registrations ||
  a.name.localeCompare(b.name);

/**
 * Every figure of the dashboard in one pass over this process's snapshot of the registrations
 * (stats-snapshot.server.ts); all tables are grouped from that pass.
 */
async function computeStatsNow(db: Db, filters: StatsFilters, locale: string) {
  // Read before the snapshot: from it to the last figure nothing awaits (the snapshot changes in place).
  const labels = await dimensionLabels(db, locale);
  const snapshot = await currentSnapshot(db);
  const { sessions, groups, countries } = snapshot;
  const matches = sessionMatcher(filters);
  const included = new Uint8Array(sessions.length);
  const monthKeys = new Map<string, number>();
  const yearKeys = new Map<string, number>();
  // The sessions' groupings as typed columns: the pass below reads them 160,000 times.
  const sessionMonth = new Int32Array(sessions.length);
  const sessionYear = new Int32Array(sessions.length);
  const sessionDomain = new Int32Array(sessions.length);
  const sessionInstitution = new Int32Array(sessions.length);
  const sessionProgram = new Int32Array(sessions.length);
  let maxDomain = 0;
  let maxInstitution = 0;
  let maxProgram = 0;
  let sessionCount = 0;
  sessions.forEach((session, index) => {
    if (!matches(session)) return;
    included[index] = 1;
    if (session.status !== "cancelled") sessionCount++;
    const month = session.day.slice(0, 7);
    const year = session.day.slice(0, 4);
    if (!monthKeys.has(month)) monthKeys.set(month, monthKeys.size);
    if (!yearKeys.has(year)) yearKeys.set(year, yearKeys.size);
    sessionMonth[index] = monthKeys.get(month) ?? 0;
    sessionYear[index] = yearKeys.get(year) ?? 0;
    sessionDomain[index] = session.domainId;
    sessionInstitution[index] = session.institutionId;
    sessionProgram[index] = session.programId;
    maxDomain = Math.max(maxDomain, session.domainId);
    maxInstitution = Math.max(maxInstitution, session.institutionId);
    maxProgram = Math.max(maxProgram, session.programId);
  });
  // Group positions: 0…groups.length-1 for named groups, groups.length for "no group".
  const groupSlots = groups.length + 1;
  const wantedGroup =
    filters.group === undefined
      ? -1
      : filters.group === "others"
        ? groups.length
        : groups.indexOf(filters.group) === -1
          ? -2 // an unknown group matches nobody
          : groups.indexOf(filters.group);

  const total = new Tally(1);
  const byCountry = new Tally(countries.length * groupSlots);
  const byDomain = new Tally(maxDomain + 1);
  const byInstitution = new Tally(maxInstitution + 1);
  const byProgram = new Tally(maxProgram + 1);
  const byMonth = new Tally(monthKeys.size);
  const byYear = new Tally(yearKeys.size);
  const bySession = new Tally(sessions.length);
  const reached = new Uint8Array(countries.length);
  const reachedByYear = new Uint8Array(countries.length * Math.max(1, yearKeys.size));
  /** Participant-times by country position × domain id. */
  const pivot = new Int32Array(countries.length * (maxDomain + 1));

  const { count, userId, sessionIndex, status, attendedDays, countryIndex, groupIndex } = snapshot;
  for (let i = 0; i < count; i++) {
    const s = sessionIndex[i]!;
    if (s < 0 || !included[s]) continue;
    const group = groupIndex[i]!;
    if (wantedGroup !== -1 && group !== wantedGroup) continue;
    const domain = sessionDomain[s]!;
    const person = userId[i]!;
    const state = status[i]!;
    const days = attendedDays[i]!;
    const country = countryIndex[i]!;
    total.add(0, state, days, person);
    byCountry.add(country * groupSlots + group, state, days, person);
    byDomain.add(domain, state, days, person);
    byInstitution.add(sessionInstitution[s]!, state, days, person);
    byProgram.add(sessionProgram[s]!, state, days, person);
    byMonth.add(sessionMonth[s]!, state, days, person);
    byYear.add(sessionYear[s]!, state, days, person);
    bySession.add(s, state, days, person);
    if (days > 0) {
      reached[country] = 1;
      reachedByYear[country * yearKeys.size + sessionYear[s]!] = 1;
      pivot[country * (maxDomain + 1) + domain]!++;
    }
  }

  const ranked = <T extends { name: string }>(tally: Tally, describe: (key: number) => T) =>
    [...tally.entries()]
      .filter(([, figures]) => figures.registrations > 0 || figures.participantTimes > 0)
      .map(([key, figures]) => ({ figures, ...describe(key) }))
      .sort(byRank)
      .map(({ figures, ...described }) => ({ ...figures, ...described }));
  const { domainNames, institutionNames, programNames, domainSlugs, institutionSlugs } = labels;
  const countryName_ = (index: number) => countryName(countries[index] ?? "", locale);
  const byKey = <T>(keys: Map<string, number>, tally: Tally, build: (label: string, figures: Figures) => T) =>
    [...keys]
      .sort(([a], [b]) => a.localeCompare(b))
      .filter(([, key]) => tally.seen(key))
      .map(([label, key]) => build(label, tally.figures(key)));

  const countryRows = ranked(byCountry, (key) => {
    const country = Math.floor(key / groupSlots);
    const group = key % groupSlots;
    return {
      code: countries[country] ?? "",
      name: countryName_(country),
      group: group < groups.length ? (groups[group] ?? null) : null,
    };
  });
  return {
    totals: {
      ...total.figures(0),
      sessions: sessionCount,
      countries: reached.reduce((sum, flag) => sum + flag, 0),
    },
    byCountry: countryRows,
    byDomain: ranked(byDomain, (key) => ({
      id: key,
      slug: domainSlugs.get(key) ?? "",
      name: domainNames.get(key) ?? "",
    })),
    byInstitution: ranked(byInstitution, (key) => ({
      id: key,
      slug: institutionSlugs.get(key) ?? "",
      name: institutionNames.get(key) ?? "",
    })),
    byProgram: ranked(byProgram, (key) => ({ id: key, name: programNames.get(key) ?? "" })),
    countryByDomain: countries
      .map((code, country) => {
        const cells: Record<number, number> = {};
        let sum = 0;
        for (let domain = 0; domain <= maxDomain; domain++) {
          const value = pivot[country * (maxDomain + 1) + domain] ?? 0;
          if (value > 0) {
            cells[domain] = value;
            sum += value;
          }
        }
        return { code, name: countryName_(country), total: sum, cells };
      })
      .filter((row) => row.total > 0)
      .sort((a, b) => b.total - a.total || a.code.localeCompare(b.code)),
    byMonth: byKey(monthKeys, byMonth, (month, figures) => ({ month, ...figures })),
    byYear: byKey(yearKeys, byYear, (year, figures) => {
      const key = yearKeys.get(year) ?? 0;
      let reachedThatYear = 0;
      for (let country = 0; country < countries.length; country++)
        reachedThatYear += reachedByYear[country * yearKeys.size + key] ?? 0;
      return { year, ...figures, countries: reachedThatYear };
    }),
    bySession: [...bySession.entries()]
      .map(([index, figures]) => {
        const session = sessions[index]!;
        return {
          id: session.id,
          title: pickLocalized(session.title, locale),
          institution: pickLocalized(session.institution, locale),
          startsAt: session.startsAt,
          startDate: session.day,
          mode: session.mode,
          ...figures,
        };
      })
      .sort((a, b) => a.startsAt - b.startsAt || a.id - b.id),
  };
}

/** Registrations of the sessions in the filters that are still to come: scheduled, not participation. */
export type Scheduled = { sessions: number; registrations: number; confirmed: number };
type ComputedStats = Awaited<ReturnType<typeof computeStatsNow>>;
export type Stats = ComputedStats & { scheduled: Scheduled | null };

/** The day after an ISO date. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * Participation describes what has happened: the filters' period ends today in Xiamen at the
 * latest (a period reaching into the future counted sessions nobody had attended yet, so an
 * unfiltered dashboard showed 76.7% where the same period up to yesterday showed 85.8%). What
 * lies beyond today is the scheduled part, or null when the period ends before it.
 */
export function participationPeriod(
  filters: StatsFilters,
  today: string,
): { participation: StatsFilters; scheduled: StatsFilters | null } {
  const participation = { ...filters, to: filters.to && filters.to < today ? filters.to : today };
  const from = filters.from && filters.from > today ? filters.from : nextDay(today);
  const scheduled = filters.to && filters.to < from ? null : { ...filters, from };
  return { participation, scheduled };
}

/**
 * Computed figures, kept per process until the data moves: triggers (migration 0004) bump
 * `stats_version` on every change that can alter a figure, and one indexed read tells whether
 * it did. A handful of entries is enough: people look at a few filter sets at a time.
 */
const cache = new Map<string, { version: string; stats: ComputedStats }>();
const CACHE_ENTRIES = 32;

async function cachedStats(db: Db, filters: StatsFilters, locale: string): Promise<ComputedStats> {
  const version = await snapshotVersion(db);
  const key = JSON.stringify([locale, filters]);
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    // Refresh its place, so the least recently used entry is the one dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit.stats;
  }
  const stats = await computeStatsNow(db, filters, locale);
  cache.set(key, { version, stats });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return stats;
}

/**
 * Every figure of the dashboard for these filters, in the viewer's language: participation up
 * to today (participationPeriod), and apart from it what is scheduled after today.
 */
export async function computeStats(
  db: Db,
  filters: StatsFilters,
  locale: string,
  today = reportingToday(),
): Promise<Stats> {
  const period = participationPeriod(filters, today);
  const stats = await cachedStats(db, period.participation, locale);
  const ahead = period.scheduled && (await cachedStats(db, period.scheduled, locale)).totals;
  return {
    ...stats,
    scheduled: ahead && { sessions: ahead.sessions, registrations: ahead.registrations, confirmed: ahead.confirmed },
  };
}

/** Today's date in Xiamen, where the office reports from. */
export function reportingToday(now = new Date()): string {
  return localDate(now, REPORTING_TIME_ZONE);
}

export type RegistrationRecord = {
  id: number;
  sessionId: number;
  startDate: string;
  title: string;
  institution: string;
  program: string;
  domain: string;
  mode: string;
  countryCode: string;
  countryName: string;
  /** The country's group on the session's date; null for none. */
  group: string | null;
  status: "confirmed" | "waitlisted" | "cancelled";
  attendedDays: number;
};

const STATUS_NAMES = ["confirmed", "waitlisted", "cancelled"] as const;

/**
 * Every registration behind the figures, one record each, without personal data (no person,
 * only their country), in pages: the exports write a page, let other requests run, and go on.
 */
export async function* registrationRecords(
  db: Db,
  filters: StatsFilters,
  locale: string,
  pageSize = 1_000,
): AsyncGenerator<RegistrationRecord[]> {
  const { domainNames, programNames } = await dimensionLabels(db, locale);
  const snapshot = await currentSnapshot(db);
  const { sessions, groups, countries } = snapshot;
  // The registrations behind the participation figures: sessions up to today.
  const matches = sessionMatcher(participationPeriod(filters, reportingToday()).participation);
  const included = sessions.map(matches);
  const wantedGroup =
    filters.group === undefined ? -1 : filters.group === "others" ? groups.length : groups.indexOf(filters.group);
  if (filters.group !== undefined && wantedGroup === -1) return;
  const titles = new Map<number, { title: string; institution: string }>();
  const countryNames = countries.map((code) => countryName(code, locale));
  // The columns are copied now: a refresh while the export is written may move rows in the snapshot.
  const id = snapshot.registrationId.slice(0, snapshot.count);
  const sessionOf = snapshot.sessionIndex.slice(0, snapshot.count);
  const countryOf = snapshot.countryIndex.slice(0, snapshot.count);
  const groupOf = snapshot.groupIndex.slice(0, snapshot.count);
  const statusOf = snapshot.status.slice(0, snapshot.count);
  const daysOf = snapshot.attendedDays.slice(0, snapshot.count);
  const picked: number[] = [];
  for (let i = 0; i < id.length; i++) {
    const s = sessionOf[i]!;
    if (s >= 0 && included[s] && (wantedGroup === -1 || groupOf[i] === wantedGroup)) picked.push(i);
  }
  const rows = Int32Array.from(picked).sort((a, b) => id[a]! - id[b]!);
  for (let start = 0; start < rows.length; start += pageSize) {
    const page: RegistrationRecord[] = [];
    for (const i of rows.subarray(start, start + pageSize)) {
      const sessionIndex = sessionOf[i]!;
      const country = countryOf[i]!;
      const group = groupOf[i]!;
      const session = sessions[sessionIndex]!;
      let named = titles.get(session.id);
      if (!named) {
        named = {
          title: pickLocalized(session.title, locale),
          institution: pickLocalized(session.institution, locale),
        };
        titles.set(session.id, named);
      }
      page.push({
        id: id[i]!,
        sessionId: session.id,
        startDate: session.day,
        title: named.title,
        institution: named.institution,
        program: programNames.get(session.programId) ?? "",
        domain: domainNames.get(session.domainId) ?? "",
        mode: session.mode,
        countryCode: countries[country] ?? "",
        countryName: countryNames[country] ?? "",
        group: group < groups.length ? (groups[group] ?? null) : null,
        status: STATUS_NAMES[statusOf[i]!] ?? "cancelled",
        attendedDays: daysOf[i]!,
      });
    }
    yield page;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Names (in the viewer's language) and slugs of what figures are grouped by, by id. */
async function dimensionLabels(db: Db, locale: string) {
  const [domainRows, institutionRows, programRows] = await Promise.all([
    db.select({ id: domains.id, name: domains.name, slug: domains.slug }).from(domains),
    db.select({ id: institutions.id, name: institutions.name, slug: institutions.slug }).from(institutions),
    db.select({ id: programs.id, title: programs.title }).from(programs),
  ]);
  return {
    domainNames: new Map(domainRows.map((r) => [r.id, pickLocalized(r.name, locale)])),
    institutionNames: new Map(institutionRows.map((r) => [r.id, pickLocalized(r.name, locale)])),
    programNames: new Map(programRows.map((r) => [r.id, pickLocalized(r.title, locale)])),
    domainSlugs: new Map(domainRows.map((r) => [r.id, r.slug])),
    institutionSlugs: new Map(institutionRows.map((r) => [r.id, r.slug])),
  };
}

// One table at a time, for callers that need only one (an export, a test).
export const statsTotals = async (db: Db, filters: StatsFilters) => (await computeStats(db, filters, "en")).totals;
export const statsByCountry = async (db: Db, filters: StatsFilters, locale: string) =>
  (await computeStats(db, filters, locale)).byCountry;
export const statsByDomain = async (db: Db, filters: StatsFilters, locale: string) =>
  (await computeStats(db, filters, locale)).byDomain;
export const statsByInstitution = async (db: Db, filters: StatsFilters, locale: string) =>
  (await computeStats(db, filters, locale)).byInstitution;
export const statsByProgram = async (db: Db, filters: StatsFilters, locale: string) =>
  (await computeStats(db, filters, locale)).byProgram;
export const statsByMonth = async (db: Db, filters: StatsFilters) => (await computeStats(db, filters, "en")).byMonth;
export const statsBySession = async (db: Db, filters: StatsFilters, locale: string) =>
  (await computeStats(db, filters, locale)).bySession;

/** Records that an organizer downloaded statistics (which file, with which filters). */
export async function recordStatsExport(
  db: Db,
  {
    actorUserId,
    file,
    filters,
  }: {
    actorUserId: number;
    file: string;
    filters: StatsFilters;
  },
): Promise<void> {
  await transaction(db, (tx) =>
    recordAuditEvent(tx, {
      actorUserId,
      action: "stats.exported",
      entityType: "stats",
      entityId: file,
      details: { filters },
    }),
  );
}
