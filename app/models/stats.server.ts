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
  type Rows,
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
 * per key, not a set. Every count takes a sign: figures brought forward after a change take the
 * changed persons' old rows off (-1) and put their new rows on (+1).
 */
class Tally {
  private constructor(
    readonly size: number,
    /** Per key, six numbers side by side: registrations, confirmed, participant-times, attendance-days, distinct, rows. */
    private readonly cells: Int32Array,
    /** Per key, the last person counted as distinct. */
    private readonly lastPerson: Int32Array,
  ) {}

  static empty(size: number): Tally {
    return new Tally(size, new Int32Array(size * CELLS), new Int32Array(size).fill(-1));
  }

  clone(): Tally {
    return new Tally(this.size, this.cells.slice(), this.lastPerson.slice());
  }

  /**
   * One registration's sums; the person is counted apart (countPerson), where they attended.
   * Without branches: statuses and days in person order follow no pattern a processor predicts.
   */
  add(key: number, status: number, days: number, sign: number): void {
    const at = key * CELLS;
    const cells = this.cells;
    cells[at]! += status !== STATUS_CANCELLED ? sign : 0;
    cells[at + 1]! += status === STATUS_CONFIRMED ? sign : 0;
    cells[at + 2]! += days > 0 ? sign : 0;
    cells[at + 3]! += days * sign;
    cells[at + 5]! += sign;
  }

  /** A person who attended, counted once per key: rows come in person order, so the last one seen is enough. */
  countPerson(key: number, person: number, sign: number): void {
    this.cells[key * CELLS + 4]! += this.lastPerson[key] !== person ? sign : 0;
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
    this.cells[at + 5]! += from.cells[source + 5]!;
  }

  /** Whether any registration counted here (a cancelled one too). */
  seen(key: number): boolean {
    return this.cells[key * CELLS + 5]! > 0;
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

/**
 * Where each session's rows count for one set of filters. It holds as long as the snapshot's
 * sessions and groups do (a change to them starts its journal anew) and no new country appears.
 */
type Layout = {
  /** Per session position: 0 left out, IN_PARTICIPATION or IN_SCHEDULED. */
  included: Uint8Array;
  /** -1 every group, else the group position rows must have. */
  wantedGroup: number;
  groupSlots: number;
  countries: number;
  monthKeys: Map<string, number>;
  yearKeys: Map<string, number>;
  maxDomain: number;
  maxInstitution: number;
  maxProgram: number;
  sessionDomain: Int32Array;
  sessionInstitution: Int32Array;
  sessionProgram: Int32Array;
  sessionMonth: Int32Array;
  sessionYear: Int32Array;
  /** Sessions in the participation period and in the scheduled one, cancelled ones left out. */
  sessionCount: number;
  scheduledSessions: number;
};

/**
 * What the rows add up to for one layout, at one generation of the snapshot: the sums per
 * session and country, the distinct people per grouping, the countries reached. The figures
 * are worked out from it (report), so it can be brought forward by a change without a pass
 * over every row.
 */
type Counts = {
  generation: number;
  layout: Layout;
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
  /** Attended registrations per country position, and per country × year. */
  reached: Int32Array;
  reachedByYear: Int32Array;
  /** Participant-times by country position × domain id. */
  pivot: Int32Array;
  /** The name of the next person counted apart from a pass (negative, so never a person's id). */
  nextVisit: number;
};

function layOut(snapshot: Snapshot, period: ReturnType<typeof participationPeriod>): Layout {
  const { sessions, groups } = snapshot;
  const filters = period.participation;
  const inParticipation = sessionMatcher(filters);
  const inScheduled = period.scheduled ? sessionMatcher(period.scheduled) : () => false;
  const layout: Layout = {
    included: new Uint8Array(sessions.length),
    // Group positions: 0…groups.length-1 for named groups, groups.length for "no group".
    wantedGroup:
      filters.group === undefined
        ? -1
        : filters.group === "others"
          ? groups.length
          : groups.indexOf(filters.group) === -1
            ? -2 // an unknown group matches nobody
            : groups.indexOf(filters.group),
    groupSlots: groups.length + 1,
    countries: snapshot.countries.length,
    monthKeys: new Map(),
    yearKeys: new Map(),
    maxDomain: 0,
    maxInstitution: 0,
    maxProgram: 0,
    // The sessions' groupings as typed columns: the pass reads them for every row.
    sessionMonth: new Int32Array(sessions.length),
    sessionYear: new Int32Array(sessions.length),
    sessionDomain: new Int32Array(sessions.length),
    sessionInstitution: new Int32Array(sessions.length),
    sessionProgram: new Int32Array(sessions.length),
    sessionCount: 0,
    scheduledSessions: 0,
  };
  const { monthKeys, yearKeys } = layout;
  sessions.forEach((session, index) => {
    if (!inParticipation(session)) {
      if (inScheduled(session)) {
        layout.included[index] = IN_SCHEDULED;
        if (session.status !== "cancelled") layout.scheduledSessions++;
      }
      return;
    }
    layout.included[index] = IN_PARTICIPATION;
    if (session.status !== "cancelled") layout.sessionCount++;
    const month = session.day.slice(0, 7);
    const year = session.day.slice(0, 4);
    if (!monthKeys.has(month)) monthKeys.set(month, monthKeys.size);
    if (!yearKeys.has(year)) yearKeys.set(year, yearKeys.size);
    layout.sessionMonth[index] = monthKeys.get(month) ?? 0;
    layout.sessionYear[index] = yearKeys.get(year) ?? 0;
    layout.sessionDomain[index] = session.domainId;
    layout.sessionInstitution[index] = session.institutionId;
    layout.sessionProgram[index] = session.programId;
    layout.maxDomain = Math.max(layout.maxDomain, session.domainId);
    layout.maxInstitution = Math.max(layout.maxInstitution, session.institutionId);
    layout.maxProgram = Math.max(layout.maxProgram, session.programId);
  });
  return layout;
}

function emptyCounts(layout: Layout, generation: number, sessions: number): Counts {
  const { countries, groupSlots, yearKeys, monthKeys, maxDomain } = layout;
  return {
    generation,
    layout,
    tallies: {
      total: Tally.empty(1),
      scheduled: Tally.empty(1),
      bySession: Tally.empty(sessions),
      byCountry: Tally.empty(countries * groupSlots),
      byDomain: Tally.empty(maxDomain + 1),
      byInstitution: Tally.empty(layout.maxInstitution + 1),
      byProgram: Tally.empty(layout.maxProgram + 1),
      byMonth: Tally.empty(monthKeys.size),
      byYear: Tally.empty(yearKeys.size),
    },
    reached: new Int32Array(countries),
    reachedByYear: new Int32Array(countries * Math.max(1, yearKeys.size)),
    pivot: new Int32Array(countries * (maxDomain + 1)),
    nextVisit: -2,
  };
}

function cloneCounts(counts: Counts): Counts {
  const tallies = { ...counts.tallies };
  for (const name of Object.keys(tallies) as (keyof Counts["tallies"])[]) tallies[name] = tallies[name].clone();
  return {
    ...counts,
    tallies,
    reached: counts.reached.slice(),
    reachedByYear: counts.reachedByYear.slice(),
    pivot: counts.pivot.slice(),
  };
}

/**
 * Rows start…end-1 counted in with the sign (-1 takes them off). A plain function, apart from
 * the async one that slices the work: there every variable that lives across an await sits in
 * a heap context, and the loop over a million rows ran 105 ms instead of 60.
 */
function passOverRows(counts: Counts, rows: Rows, start: number, end: number, sign: number): void {
  const { userId, sessionIndex, status, attendedDays, countryIndex, groupIndex } = rows;
  const { included, wantedGroup, groupSlots, sessionDomain, sessionInstitution, sessionProgram } = counts.layout;
  const { sessionMonth, sessionYear } = counts.layout;
  const years = counts.layout.yearKeys.size;
  const domains = counts.layout.maxDomain + 1;
  const { reached, reachedByYear, pivot } = counts;
  const { total, scheduled, bySession, byCountry, byDomain, byInstitution, byProgram, byMonth, byYear } =
    counts.tallies;
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
      scheduled.add(0, state, 0, sign);
      continue;
    }
    const country = countryIndex[i]!;
    const countryAndGroup = country * groupSlots + group;
    // Sums per session only: domains, institutions, programs, months and years add them up after.
    bySession.add(s, state, days, sign);
    byCountry.add(countryAndGroup, state, days, sign);
    if (days === 0) continue;
    const person = userId[i]!;
    const domain = sessionDomain[s]!;
    byCountry.countPerson(countryAndGroup, person, sign);
    total.countPerson(0, person, sign);
    byDomain.countPerson(domain, person, sign);
    byInstitution.countPerson(sessionInstitution[s]!, person, sign);
    byProgram.countPerson(sessionProgram[s]!, person, sign);
    byMonth.countPerson(sessionMonth[s]!, person, sign);
    byYear.countPerson(sessionYear[s]!, person, sign);
    reached[country]! += sign;
    reachedByYear[country * years + sessionYear[s]!]! += sign;
    pivot[country * domains + domain]! += sign;
  }
}

/** Every row, in slices of a few milliseconds, so a million rows never hold other requests up. */
async function countEveryRow(snapshot: Snapshot, layout: Layout): Promise<Counts> {
  const counts = emptyCounts(layout, snapshot.generation, snapshot.sessions.length);
  let sliceStarted = performance.now();
  for (let start = 0; start < snapshot.count; start += ROWS_BETWEEN_CLOCK_READS) {
    passOverRows(counts, snapshot, start, Math.min(snapshot.count, start + ROWS_BETWEEN_CLOCK_READS), 1);
    if (performance.now() - sliceStarted >= SLICE_MS) {
      await letOtherRequestsRun();
      sliceStarted = performance.now();
    }
  }
  return counts;
}

/**
 * Counts of an earlier generation brought up to the snapshot's by the persons who changed since:
 * their rows as they were taken off, as they are put on, each person under a name of their own
 * (so they count once per grouping either way). A copy: the earlier counts stay as they were
 * for whoever else holds them. Undefined when the snapshot cannot say what changed, or when so
 * much did that counting every row costs less.
 */
function bringForward(previous: Counts, snapshot: Snapshot): Counts | undefined {
  if (previous.generation === snapshot.generation) return previous;
  if (previous.layout.countries !== snapshot.countries.length) return undefined;
  const changes = snapshot.changedSince(previous.generation);
  if (!changes || changes.before.count + changes.after.count > snapshot.count / 8) return undefined;
  const counts = cloneCounts(previous);
  counts.generation = snapshot.generation;
  for (const [rows, sign] of [
    [changes.before, -1],
    [changes.after, 1],
  ] as const) {
    // The copies' person column, renamed: each person's run of rows gets a name no pass has used.
    for (let i = 0, last = Number.NaN, name = 0; i < rows.count; i++) {
      if (rows.userId[i] !== last) {
        last = rows.userId[i]!;
        name = counts.nextVisit--;
      }
      rows.userId[i] = name;
    }
    passOverRows(counts, rows, 0, rows.count, sign);
  }
  return counts;
}

/**
 * Every figure of the dashboard, participation and what is scheduled, from this process's
 * snapshot of the registrations (stats-snapshot.server.ts): counted from every row, or, when
 * the same filters were counted before, brought forward by what changed since. The snapshot
 * stays as it is until the figures are done.
 */
async function computeStatsNow<WithSessions extends boolean>(
  db: Db,
  period: ReturnType<typeof participationPeriod>,
  locale: string,
  withSessions: WithSessions,
  previous: Counts | undefined,
) {
  // Read while the snapshot is brought up to date (on PostgreSQL, round trips side by side).
  const labelsRead = dimensionLabels(db, locale);
  labelsRead.catch(() => undefined);
  return readSnapshot(db, async (snapshot) => {
    const counts =
      (previous && bringForward(previous, snapshot)) ?? (await countEveryRow(snapshot, layOut(snapshot, period)));
    const stats = await report(counts, snapshot, await labelsRead, locale, period.scheduled !== null, withSessions);
    return { stats, counts };
  });
}

/**
 * The figures from the counts. Sums are kept per session and rolled up into domains,
 * institutions, programs, months and years here; only what cannot be rolled up (distinct
 * people, countries) was counted per row. The counts stay as they are.
 */
async function report<WithSessions extends boolean>(
  counts: Counts,
  snapshot: Snapshot,
  labels: Awaited<ReturnType<typeof dimensionLabels>>,
  locale: string,
  withScheduled: boolean,
  withSessions: WithSessions,
) {
  const { sessions, groups, countries } = snapshot;
  const { layout, reached, reachedByYear, pivot } = counts;
  const { groupSlots, monthKeys, yearKeys, maxDomain, sessionDomain, sessionInstitution, sessionProgram } = layout;
  const { sessionMonth, sessionYear } = layout;
  const { scheduled, byCountry } = counts.tallies;
  // What is rolled up below goes into copies.
  const [bySession, total, byDomain, byInstitution, byProgram, byMonth, byYear] = (
    ["bySession", "total", "byDomain", "byInstitution", "byProgram", "byMonth", "byYear"] as const
  ).map((name) => counts.tallies[name].clone()) as [Tally, Tally, Tally, Tally, Tally, Tally, Tally];
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
      sessions: layout.sessionCount,
      countries: reached.reduce((sum, attended) => sum + (attended > 0 ? 1 : 0), 0),
    },
    scheduled: withScheduled
      ? { sessions: layout.scheduledSessions, registrations: ahead.registrations, confirmed: ahead.confirmed }
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
        reachedThatYear += (reachedByYear[country * yearKeys.size + key] ?? 0) > 0 ? 1 : 0;
      return { year, ...figures, countries: reachedThatYear };
    }),
  };
  return (withSessions ? { ...figures, bySession: sessionRows } : figures) as WithSessions extends true
    ? typeof figures & { bySession: SessionRow[] }
    : typeof figures;
}

/** Registrations of the sessions in the filters that are still to come: scheduled, not participation. */
export type Scheduled = { sessions: number; registrations: number; confirmed: number };
/** One session's figures, for the workbook's sessions sheet. */
export type SessionRow = Figures &
  Pick<SessionFacts, "id" | "startsAt" | "mode"> & { title: string; institution: string; startDate: string };
export type Stats = Awaited<ReturnType<typeof report<false>>>;
export type StatsWithSessions = Awaited<ReturnType<typeof report<true>>>;

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
 * Computed figures, kept per process and database until the data moves: triggers (migration
 * 0004) bump `stats_version` on every change that can alter a figure, and one indexed read
 * tells whether it did. Each entry keeps its counts too, so that after a change the figures
 * are brought forward by the persons who changed rather than counted from every row again.
 * A handful of entries is enough: people look at a few filter sets at a time.
 */
type CacheEntry = { version: string; stats: Stats | StatsWithSessions; counts: Counts };
const caches = new WeakMap<Db, Map<string, CacheEntry>>();
const CACHE_ENTRIES = 32;

async function cachedStats<WithSessions extends boolean>(
  db: Db,
  filters: StatsFilters,
  locale: string,
  today: string,
  withSessions: WithSessions,
) {
  type Computed = Awaited<ReturnType<typeof report<WithSessions>>>;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const version = await snapshotVersion(db);
  const key = JSON.stringify([locale, today, withSessions, filters]);
  const hit = cache.get(key);
  // Refresh its place, so the least recently used entry is the one dropped.
  cache.delete(key);
  if (hit && hit.version === version) {
    cache.set(key, hit);
    return hit.stats as Computed;
  }
  const { stats, counts } = await computeStatsNow(
    db,
    participationPeriod(filters, today),
    locale,
    withSessions,
    hit?.counts,
  );
  cache.set(key, { version, stats: stats as Stats | StatsWithSessions, counts });
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
