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
import { domains, institutions, programs, REGISTRATION_STATUSES, type RegistrationStatus } from "../../db/schema";
import { transaction, type Db } from "../utils/db.server";
import { recordAuditEvent } from "./audit.server";
import { countryName } from "./countries.server";
import {
  readSnapshot,
  registrationsInPages,
  snapshotVersion,
  type Snapshot,
  STATUS_CANCELLED,
  STATUS_CONFIRMED,
  type SessionFacts,
} from "./stats-snapshot.server";

import { REPORTING_TIME_ZONE } from "./stats-definitions";
import { addDays, localDate } from "../utils/time-zone";
import { setImmediate as letOtherRequestsRun } from "node:timers/promises";

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

const CELLS = 6;

/**
 * Figures per key (a country-and-group, a domain id, a month's position…) in flat typed arrays.
 * Rows arrive grouped by person, so "distinct participants" needs only the last person seen
 * per key, not a set.
 */
class Tally {
  /** Per key, six numbers side by side: registrations, confirmed, participant-times, attendance-days, distinct, seen. */
  private readonly cells: Int32Array;
  /** Per key, the last person counted as distinct. */
  private readonly lastPerson: Int32Array;

  constructor(readonly size: number) {
    this.cells = new Int32Array(size * CELLS);
    this.lastPerson = new Int32Array(size).fill(-1);
  }

  /**
   * One registration's sums; the person is counted apart (countPerson), where they attended.
   * Without branches: statuses and days in person order follow no pattern a processor predicts.
   */
  add(key: number, status: number, days: number): void {
    const at = key * CELLS;
    const cells = this.cells;
    cells[at]! += status !== STATUS_CANCELLED ? 1 : 0;
    cells[at + 1]! += status === STATUS_CONFIRMED ? 1 : 0;
    cells[at + 2]! += days > 0 ? 1 : 0;
    cells[at + 3]! += days;
    cells[at + 5] = 1;
  }

  /** A person who attended, counted once per key: rows come in person order, so the last one seen is enough. */
  countPerson(key: number, person: number): void {
    this.cells[key * CELLS + 4]! += this.lastPerson[key] !== person ? 1 : 0;
    this.lastPerson[key] = person;
  }

  /** Every attended registration is a different person (one place per person per session). */
  distinctIsParticipantTimes(): void {
    for (let at = 0; at < this.cells.length; at += CELLS) this.cells[at + 4] = this.cells[at + 2]!;
  }

  /** Another tally's sums for one of its keys (everything but the distinct count). */
  addSums(key: number, from: Tally, fromKey: number): void {
    const at = key * CELLS;
    const source = fromKey * CELLS;
    for (let cell = 0; cell < 4; cell++) this.cells[at + cell]! += from.cells[source + cell]!;
    this.cells[at + 5] = 1;
  }

  seen(key: number): boolean {
    return this.cells[key * CELLS + 5] === 1;
  }

  figures(key: number): Figures {
    const at = key * CELLS;
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
 * How long the pass below runs before it lets other requests run (a million rows take about
 * 60 ms). Slices of 8 ms left gaps of 20 ms and more between timers: two slices sometimes ran
 * back to back, in one turn of the event loop.
 */
const SLICE_MS = 4;
const ROWS_BETWEEN_CLOCK_READS = 8_192;
const IN_PARTICIPATION = 1;
const IN_SCHEDULED = 2;

/** What one pass over the rows reads and counts into. */
type Pass = {
  snapshot: Snapshot;
  /** Per session position: 0 left out, IN_PARTICIPATION or IN_SCHEDULED. */
  included: Uint8Array;
  /** -1 every group, else the group position rows must have. */
  wantedGroup: number;
  groupSlots: number;
  years: number;
  domains: number;
  sessionDomain: Int32Array;
  sessionInstitution: Int32Array;
  sessionProgram: Int32Array;
  sessionMonth: Int32Array;
  sessionYear: Int32Array;
  tallies: Record<
    | "total"
    | "scheduled"
    | "bySession"
    | "byCountry"
    | "byDomain"
    | "byInstitution"
    | "byProgram"
    | "byMonth"
    | "byYear",
    Tally
  >;
  reached: Uint8Array;
  reachedByYear: Uint8Array;
  pivot: Int32Array;
};

/**
 * Rows start…end-1 of the snapshot. A plain function, apart from the async one that slices the
 * work: there every variable that lives across an await sits in a heap context, and the loop
 * over a million rows ran 105 ms instead of 60.
 */
function passOverRows(pass: Pass, start: number, end: number): void {
  const { userId, sessionIndex, status, attendedDays, countryIndex, groupIndex } = pass.snapshot;
  const { included, wantedGroup, groupSlots, years, domains, reached, reachedByYear, pivot } = pass;
  const { sessionDomain, sessionInstitution, sessionProgram, sessionMonth, sessionYear } = pass;
  const { total, scheduled, bySession, byCountry, byDomain, byInstitution, byProgram, byMonth, byYear } = pass.tallies;
  for (let i = start; i < end; i++) {
    const s = sessionIndex[i]!;
    if (s < 0) continue;
    const where = included[s]!;
    if (where === 0) continue;
    const group = groupIndex[i]!;
    if (wantedGroup !== -1 && group !== wantedGroup) continue;
    const state = status[i]!;
    const days = attendedDays[i]!;
    if (where === IN_SCHEDULED) {
      scheduled.add(0, state, 0);
      continue;
    }
    const country = countryIndex[i]!;
    const countryAndGroup = country * groupSlots + group;
    // Sums per session only: domains, institutions, programs, months and years add them up after.
    bySession.add(s, state, days);
    byCountry.add(countryAndGroup, state, days);
    if (days === 0) continue;
    const person = userId[i]!;
    const domain = sessionDomain[s]!;
    byCountry.countPerson(countryAndGroup, person);
    total.countPerson(0, person);
    byDomain.countPerson(domain, person);
    byInstitution.countPerson(sessionInstitution[s]!, person);
    byProgram.countPerson(sessionProgram[s]!, person);
    byMonth.countPerson(sessionMonth[s]!, person);
    byYear.countPerson(sessionYear[s]!, person);
    reached[country] = 1;
    reachedByYear[country * years + sessionYear[s]!] = 1;
    pivot[country * domains + domain]!++;
  }
}

/**
 * Every figure of the dashboard, participation and what is scheduled, in one pass over this
 * process's snapshot of the registrations (stats-snapshot.server.ts). The pass runs in slices of
 * a few milliseconds, so a million rows never hold other requests up; the snapshot stays as it
 * is until the pass ends. Sums are kept per session and rolled up into domains, institutions,
 * programs, months and years afterwards; only what cannot be rolled up (distinct people,
 * countries) is counted per row.
 */
async function computeStatsNow<WithSessions extends boolean>(
  db: Db,
  period: ReturnType<typeof participationPeriod>,
  locale: string,
  withSessions: WithSessions,
) {
  // Read while the snapshot is brought up to date (on PostgreSQL, round trips side by side).
  const labelsRead = dimensionLabels(db, locale);
  labelsRead.catch(() => undefined);
  return readSnapshot(db, async (snapshot) => {
    const labels = await labelsRead;
    const { sessions, groups, countries } = snapshot;
    const filters = period.participation;
    const inParticipation = sessionMatcher(filters);
    const inScheduled = period.scheduled ? sessionMatcher(period.scheduled) : () => false;
    const included = new Uint8Array(sessions.length);
    const monthKeys = new Map<string, number>();
    const yearKeys = new Map<string, number>();
    // The sessions' groupings as typed columns: the pass below reads them for every row.
    const sessionMonth = new Int32Array(sessions.length);
    const sessionYear = new Int32Array(sessions.length);
    const sessionDomain = new Int32Array(sessions.length);
    const sessionInstitution = new Int32Array(sessions.length);
    const sessionProgram = new Int32Array(sessions.length);
    let maxDomain = 0;
    let maxInstitution = 0;
    let maxProgram = 0;
    let sessionCount = 0;
    let scheduledSessions = 0;
    sessions.forEach((session, index) => {
      if (!inParticipation(session)) {
        if (inScheduled(session)) {
          included[index] = IN_SCHEDULED;
          if (session.status !== "cancelled") scheduledSessions++;
        }
        return;
      }
      included[index] = IN_PARTICIPATION;
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
    const scheduled = new Tally(1);
    const bySession = new Tally(sessions.length);
    const byCountry = new Tally(countries.length * groupSlots);
    const byDomain = new Tally(maxDomain + 1);
    const byInstitution = new Tally(maxInstitution + 1);
    const byProgram = new Tally(maxProgram + 1);
    const byMonth = new Tally(monthKeys.size);
    const byYear = new Tally(yearKeys.size);
    const reached = new Uint8Array(countries.length);
    const reachedByYear = new Uint8Array(countries.length * Math.max(1, yearKeys.size));
    /** Participant-times by country position × domain id. */
    const pivot = new Int32Array(countries.length * (maxDomain + 1));

    const pass: Pass = {
      snapshot,
      included,
      wantedGroup,
      groupSlots,
      years: yearKeys.size,
      domains: maxDomain + 1,
      sessionDomain,
      sessionInstitution,
      sessionProgram,
      sessionMonth,
      sessionYear,
      tallies: { total, scheduled, bySession, byCountry, byDomain, byInstitution, byProgram, byMonth, byYear },
      reached,
      reachedByYear,
      pivot,
    };
    let sliceStarted = performance.now();
    for (let start = 0; start < snapshot.count; start += ROWS_BETWEEN_CLOCK_READS) {
      passOverRows(pass, start, Math.min(snapshot.count, start + ROWS_BETWEEN_CLOCK_READS));
      if (performance.now() - sliceStarted >= SLICE_MS) {
        await letOtherRequestsRun();
        sliceStarted = performance.now();
      }
    }
    // What follows (tables of thousands of sessions) is a slice of its own.
    await letOtherRequestsRun();
    bySession.distinctIsParticipantTimes();
    for (let s = 0; s < sessions.length; s++) {
      if (!bySession.seen(s)) continue;
      total.addSums(0, bySession, s);
      byDomain.addSums(sessionDomain[s]!, bySession, s);
      byInstitution.addSums(sessionInstitution[s]!, bySession, s);
      byProgram.addSums(sessionProgram[s]!, bySession, s);
      byMonth.addSums(sessionMonth[s]!, bySession, s);
      byYear.addSums(sessionYear[s]!, bySession, s);
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
    // The sessions' table (thousands of rows, each named in the viewer's language), for whoever
    // asked for it (the workbook), in slices too.
    const sessionRows: SessionRow[] = [];
    for (const [index, figures] of withSessions ? bySession.entries() : []) {
      const session = sessions[index]!;
      sessionRows.push({
        id: session.id,
        title: pickLocalized(session.title, locale),
        institution: pickLocalized(session.institution, locale),
        startsAt: session.startsAt,
        startDate: session.day,
        mode: session.mode,
        ...figures,
      });
      if (sessionRows.length % 2_048 === 0) await letOtherRequestsRun();
    }
    sessionRows.sort((a, b) => a.startsAt - b.startsAt || a.id - b.id);
    await letOtherRequestsRun();
    const ahead = scheduled.figures(0);
    const figures = {
      totals: {
        ...total.figures(0),
        sessions: sessionCount,
        countries: reached.reduce((sum, flag) => sum + flag, 0),
      },
      scheduled: period.scheduled
        ? { sessions: scheduledSessions, registrations: ahead.registrations, confirmed: ahead.confirmed }
        : null,
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
    };
    return (withSessions ? { ...figures, bySession: sessionRows } : figures) as WithSessions extends true
      ? typeof figures & { bySession: SessionRow[] }
      : typeof figures;
  });
}

/** Registrations of the sessions in the filters that are still to come: scheduled, not participation. */
export type Scheduled = { sessions: number; registrations: number; confirmed: number };
/** One session's figures, for the workbook's sessions sheet. */
export type SessionRow = Figures &
  Pick<SessionFacts, "id" | "startsAt" | "mode"> & { title: string; institution: string; startDate: string };
export type Stats = Awaited<ReturnType<typeof computeStatsNow<false>>>;
export type StatsWithSessions = Awaited<ReturnType<typeof computeStatsNow<true>>>;

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
  const from = filters.from && filters.from > today ? filters.from : addDays(today, 1);
  const scheduled = filters.to && filters.to < from ? null : { ...filters, from };
  return { participation, scheduled };
}

/**
 * Computed figures, kept per process until the data moves: triggers (migration 0004) bump
 * `stats_version` on every change that can alter a figure, and one indexed read tells whether
 * it did. A handful of entries is enough: people look at a few filter sets at a time.
 */
const cache = new Map<string, { version: string; stats: Stats | StatsWithSessions }>();
const CACHE_ENTRIES = 32;

async function cachedStats<WithSessions extends boolean>(
  db: Db,
  filters: StatsFilters,
  locale: string,
  today: string,
  withSessions: WithSessions,
) {
  type Computed = Awaited<ReturnType<typeof computeStatsNow<WithSessions>>>;
  const version = await snapshotVersion(db);
  const key = JSON.stringify([locale, today, withSessions, filters]);
  const hit = cache.get(key);
  if (hit && hit.version === version) {
    // Refresh its place, so the least recently used entry is the one dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit.stats as Computed;
  }
  const stats = await computeStatsNow(db, participationPeriod(filters, today), locale, withSessions);
  cache.set(key, { version, stats: stats as Stats | StatsWithSessions });
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return stats;
}

/**
 * Every figure of the dashboard for these filters, in the viewer's language: participation up
 * to today (participationPeriod), and apart from it what is scheduled after today.
 */
export function computeStats(db: Db, filters: StatsFilters, locale: string, today = reportingToday()): Promise<Stats> {
  return cachedStats(db, filters, locale, today, false);
}

/**
 * The same figures with each session's own (the workbook's sessions sheet): thousands of rows
 * named in the viewer's language, which the dashboard and the API do without.
 */
export function computeStatsWithSessions(
  db: Db,
  filters: StatsFilters,
  locale: string,
  today = reportingToday(),
): Promise<StatsWithSessions> {
  return cachedStats(db, filters, locale, today, true);
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
  status: RegistrationStatus;
  attendedDays: number;
};

const isRegistrationStatus = (status: string): status is RegistrationStatus =>
  (REGISTRATION_STATUSES as readonly string[]).includes(status);

/**
 * Every registration behind the figures, one record each, without personal data (no person,
 * only their country), in pages read from the database (registrationsInPages): the exports
 * write a page, let other requests run, and go on, holding one page however many rows there are.
 */
export async function* registrationRecords(
  db: Db,
  filters: StatsFilters,
  locale: string,
  pageSize = 100,
): AsyncGenerator<RegistrationRecord[]> {
  const { domainNames, programNames } = await dimensionLabels(db, locale);
  // The registrations behind the participation figures: sessions up to today.
  const matches = sessionMatcher(participationPeriod(filters, reportingToday()).participation);
  const wanted = (group: string | null) =>
    filters.group === undefined || (filters.group === "others" ? group === null : group === filters.group);
  const included = new Map<number, boolean>();
  const titles = new Map<number, { title: string; institution: string }>();
  const countryNames = new Map<string, string>();
  for await (const rows of registrationsInPages(db, pageSize)) {
    const page: RegistrationRecord[] = [];
    for (const row of rows) {
      const { session } = row;
      let isIncluded = included.get(session.id);
      if (isIncluded === undefined) included.set(session.id, (isIncluded = matches(session)));
      if (!isIncluded || !wanted(row.group)) continue;
      let named = titles.get(session.id);
      if (!named) {
        named = {
          title: pickLocalized(session.title, locale),
          institution: pickLocalized(session.institution, locale),
        };
        titles.set(session.id, named);
      }
      let country = countryNames.get(row.countryCode);
      if (country === undefined) countryNames.set(row.countryCode, (country = countryName(row.countryCode, locale)));
      page.push({
        id: row.id,
        sessionId: session.id,
        startDate: session.day,
        title: named.title,
        institution: named.institution,
        program: programNames.get(session.programId) ?? "",
        domain: domainNames.get(session.domainId) ?? "",
        mode: session.mode,
        countryCode: row.countryCode,
        countryName: country,
        group: row.group,
        status: isRegistrationStatus(row.status) ? row.status : "cancelled",
        attendedDays: row.attendedDays,
      });
    }
    if (page.length > 0) yield page;
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
