/**
 * Each process's in-memory copy of what statistics count, kept current by reading only what
 * changed (docs/decisions/0008-statistics-snapshot.md):
 * - one entry per registration (who, which session, status, attended days, country and the
 *   country's group on the session's date), in plain arrays of small numbers;
 * - the sessions with everything statistics group them by.
 * Triggers log every changed registration in `stats_changes` and bump `stats_version` when a
 * session, course, program, institution, domain or country group changes; a refresh reads the
 * log from where this process stopped, and reloads the (few) sessions when the version moved.
 * The reads are each engine's own (engine-sql/*: `StatsSource`); everything here works on the
 * rows they give. Reading 160,000 rows takes some 300 ms on SQLite; a refresh after one
 * enrollment, about a millisecond.
 */
import { transaction, type Db } from "../utils/db.server";
import { log } from "../utils/log.server";
import { ReadWriteLock } from "../utils/read-write-lock";
import {
  engineSql,
  type ChangeCursor,
  type MembershipRow,
  type RegistrationRow,
  type SessionFacts,
} from "./engine-sql/index.server";

export type { SessionFacts };

export const STATUS_CONFIRMED = 0;
export const STATUS_WAITLISTED = 1;
export const STATUS_CANCELLED = 2;
const STATUS_CODES: Record<string, number> = {
  confirmed: STATUS_CONFIRMED,
  waitlisted: STATUS_WAITLISTED,
  cancelled: STATUS_CANCELLED,
};

const source = engineSql.stats;

type Membership = { code: string; since: string; until: string | null; groupIndex: number };

/** Registrations as columns of what statistics count, grouped by person (one person's rows side by side). */
export type Rows = {
  /** Rows in use in the columns below. */
  count: number;
  userId: Int32Array;
  /** -1 marks a registration that was deleted. */
  sessionIndex: Int32Array;
  status: Int32Array;
  attendedDays: Int32Array;
  countryIndex: Int32Array;
  groupIndex: Int32Array;
};

/**
 * What changed between two generations of the snapshot, person by person: every row of each
 * person concerned as it was before (`before`) and as it is now (`after`). Figures counted at
 * the earlier generation come forward by taking `before` off and putting `after` on, distinct
 * people included, since each person's rows are all there.
 */
export type PersonChanges = { before: Rows; after: Rows };

/**
 * The registrations as columns, ordered by person (rows of one person are next to each other,
 * so a pass counts distinct people without sets, and reads memory in order). It is read only
 * inside `readSnapshot`: a refresh changes it in place, and waits until no reader is in.
 */
export type Snapshot = Rows & {
  /** Sessions by position; registrations point at them by index. */
  sessions: SessionFacts[];
  /** Country group slugs by position; groups.length means "no group". */
  groups: string[];
  countries: string[];
  registrationId: Int32Array;
  /** Moves on with every refresh that changed anything. */
  generation: number;
  /**
   * The persons whose registrations changed since that generation, or undefined when that is
   * not known: the sessions or groups were read again (every row's place in the figures may
   * have moved), everything was reloaded, or it is further back than this process remembers.
   */
  changedSince(generation: number): PersonChanges | undefined;
};

type Column = "registrationId" | "userId" | "sessionIndex" | "status" | "attendedDays" | "countryIndex" | "groupIndex";
const COLUMNS: Column[] = [
  "registrationId",
  "userId",
  "sessionIndex",
  "status",
  "attendedDays",
  "countryIndex",
  "groupIndex",
];

/**
 * The persons a refresh changed (in order), and their rows as they were before it (none for a
 * person new to the snapshot); `generation` is the one it made.
 */
type JournalEntry = { generation: number; persons: number[]; before: Rows };

type State = Snapshot & {
  dimensionVersion: number;
  /** Times the sessions and groups were read: every such read starts the journal anew. */
  dimensionLoads: number;
  /** One entry per refresh since `journalFrom`, oldest first, and the rows they hold. */
  journal: JournalEntry[];
  journalRows: number;
  /** The oldest generation whose changes since are all in the journal. */
  journalFrom: number;
  /** Where this process stopped reading the change log; undefined: read everything. */
  cursor: ChangeCursor | undefined;
  /** Row of each registration id, -1 for none. */
  rowOf: Int32Array;
  sessionPosition: Map<number, number>;
  countryPosition: Map<string, number>;
  memberships: Map<string, Membership[]>;
  /** The refresh under way, and the one queued behind it for whoever asked meanwhile. */
  running: Promise<void> | undefined;
  queued: Promise<void> | undefined;
  /** Readers (computations that pause between slices) share it; a refresh takes it alone. */
  lock: ReadWriteLock;
};

/** One snapshot per database (a test may open several). */
const states = new WeakMap<Db, State>();

/**
 * Reads the snapshot, brought up to date with whatever changed since this process last looked.
 * `read` may await (a computation over a million rows lets other requests run between slices):
 * the snapshot stays as it was until `read` is done, since a refresh waits for its readers.
 * Nothing of the snapshot may be kept after `read` returns without copying it.
 */
export async function readSnapshot<T>(db: Db, read: (snapshot: Snapshot) => Promise<T> | T): Promise<T> {
  let state = states.get(db);
  if (!state) states.set(db, (state = emptyState()));
  await refresh(db, state);
  const current = state;
  return current.lock.read(() => read(current));
}

/**
 * One refresh at a time changes the snapshot. Whoever asks while one runs waits for the next,
 * which starts when it ends and sees every change committed before they asked; all who asked
 * meanwhile share that one.
 */
function refresh(db: Db, s: State): Promise<void> {
  if (s.queued) return s.queued;
  if (s.running) {
    s.queued = s.running
      .catch(() => undefined)
      .then(() => {
        s.queued = undefined;
        return refresh(db, s);
      });
    return s.queued;
  }
  s.running = s.lock
    .write(() => bringUpToDate(db, s))
    .finally(() => {
      s.running = undefined;
    });
  return s.running;
}

async function bringUpToDate(db: Db, s: State): Promise<void> {
  const loadsBefore = s.dimensionLoads;
  try {
    const version = await source.dimensionVersion(db);
    if (version !== s.dimensionVersion) await loadDimensions(db, s, version);
    const changes = await source.changesSince(db, s.cursor);
    let before: Before | undefined;
    if (changes.reloadAll) await loadAll(db, s);
    else if (changes.ids.length > 0) before = await applyChanges(db, s, changes.ids);
    s.cursor = changes.cursor;
    if (changes.reloadAll || s.dimensionLoads !== loadsBefore || (changes.ids.length > 0 && !before)) startJournal(s);
    else if (before) record(s, before);
  } catch (error) {
    // Stopped half way (the database went away): the next refresh reads everything again.
    s.cursor = undefined;
    s.dimensionVersion = -1;
    startJournal(s);
    throw error;
  }
}

/**
 * Rows the journal holds at most (a few megabytes): beyond that, bringing figures forward would
 * cost about what counting every row again does.
 */
const JOURNAL_ROWS = 100_000;
/** Refreshes the journal remembers at most (a figure untouched for longer is counted again). */
const JOURNAL_ENTRIES = 10_000;

/** A new generation that nothing before it can be brought forward to. */
function startJournal(s: State): void {
  s.generation++;
  s.journal = [];
  s.journalRows = 0;
  s.journalFrom = s.generation;
}

/** A new generation, and how the persons it changed were before it. */
function record(s: State, { persons, before }: Before): void {
  s.generation++;
  s.journal.push({ generation: s.generation, persons, before });
  s.journalRows += before.count;
  while (s.journalRows > JOURNAL_ROWS || s.journal.length > JOURNAL_ENTRIES) {
    const dropped = s.journal.shift()!;
    s.journalRows -= dropped.before.count;
    s.journalFrom = dropped.generation;
  }
}

function changedSince(s: State, generation: number): PersonChanges | undefined {
  if (generation < s.journalFrom || generation > s.generation) return undefined;
  // Each person as they were at `generation`: their rows in the first entry after it that has them.
  const before = new Map<number, { rows: Rows; start: number; end: number }>();
  for (const entry of s.journal) {
    if (entry.generation <= generation) continue;
    for (const person of entry.persons)
      if (!before.has(person)) before.set(person, { rows: entry.before, ...rowsOfPerson(entry.before, person) });
  }
  const persons = [...before.keys()].sort((a, b) => a - b);
  return {
    before: copyRows(persons.map((person) => before.get(person)!)),
    after: copyRows(persons.map((person) => ({ rows: s, ...rowsOfPerson(s, person) }))),
  };
}

/** Where a person's rows are in the snapshot (start === end: none), by binary search on the person column. */
function rowsOfPerson(s: Rows, person: number): { start: number; end: number } {
  const firstAbove = (limit: number) => {
    let low = 0;
    let high = s.count;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (s.userId[middle]! < limit) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return { start: firstAbove(person), end: firstAbove(person + 1) };
}

const ROW_COLUMNS = ["userId", "sessionIndex", "status", "attendedDays", "countryIndex", "groupIndex"] as const;

/** The given stretches of rows, one after the other, in columns of their own. */
function copyRows(parts: { rows: Rows; start: number; end: number }[]): Rows {
  const count = parts.reduce((sum, part) => sum + part.end - part.start, 0);
  const copy: Rows = {
    count,
    userId: new Int32Array(count),
    sessionIndex: new Int32Array(count),
    status: new Int32Array(count),
    attendedDays: new Int32Array(count),
    countryIndex: new Int32Array(count),
    groupIndex: new Int32Array(count),
  };
  let at = 0;
  for (const { rows, start, end } of parts) {
    for (const column of ROW_COLUMNS) copy[column].set(rows[column].subarray(start, end), at);
    at += end - start;
  }
  return copy;
}

/** A text that changes whenever any figure could: the cache key's data part. */
export function snapshotVersion(db: Db): Promise<string> {
  return source.dataVersion(db);
}

function emptyState(): State {
  const state: State = {
    dimensionVersion: -1,
    dimensionLoads: 0,
    generation: 0,
    journal: [],
    journalRows: 0,
    journalFrom: 0,
    changedSince: (generation) => changedSince(state, generation),
    cursor: undefined,
    sessions: [],
    groups: [],
    countries: [],
    count: 0,
    registrationId: new Int32Array(0),
    userId: new Int32Array(0),
    sessionIndex: new Int32Array(0),
    status: new Int32Array(0),
    attendedDays: new Int32Array(0),
    countryIndex: new Int32Array(0),
    groupIndex: new Int32Array(0),
    rowOf: new Int32Array(0),
    sessionPosition: new Map(),
    countryPosition: new Map(),
    memberships: new Map(),
    running: undefined,
    queued: undefined,
    lock: new ReadWriteLock(),
  };
  return state;
}

/** Reads the sessions and country groups, then puts them in place without a pause. */
async function loadDimensions(db: Db, s: State, version: number): Promise<void> {
  const [sessions, { slugs, memberships }] = await Promise.all([source.sessions(db), source.groups(db)]);
  // Keep known sessions at their positions: registrations point at them.
  for (const facts of sessions) {
    const at = s.sessionPosition.get(facts.id);
    if (at === undefined) {
      s.sessionPosition.set(facts.id, s.sessions.length);
      s.sessions.push(facts);
    } else s.sessions[at] = facts;
  }
  s.groups = slugs;
  s.memberships = membershipsByCountry(slugs, memberships);
  // A session's date or a membership may have moved: every registration's group is worked out again.
  const cache = new Map<number, number>();
  for (let row = 0; row < s.count; row++) {
    const session = s.sessionIndex[row]!;
    if (session < 0) continue;
    const key = s.countryIndex[row]! * 1_000_003 + session;
    let group = cache.get(key);
    if (group === undefined) {
      group = groupOf(s, s.countryIndex[row]!, session);
      cache.set(key, group);
    }
    s.groupIndex[row] = group;
  }
  s.dimensionVersion = version;
  s.dimensionLoads++;
}

/** A registration in a session newer than the sessions read: read them again first (its trigger moved the version). */
async function knowSessionsOf(db: Db, s: State, rows: RegistrationRow[]): Promise<void> {
  if (rows.some((row) => !s.sessionPosition.has(row[2])))
    await loadDimensions(db, s, await source.dimensionVersion(db));
}

function membershipsByCountry(slugs: string[], rows: MembershipRow[]): Map<string, Membership[]> {
  const byCountry = new Map<string, Membership[]>();
  for (const m of rows) {
    const list = byCountry.get(m.code) ?? [];
    list.push({ code: m.code, since: m.since, until: m.until, groupIndex: slugs.indexOf(m.slug) });
    byCountry.set(m.code, list);
  }
  return byCountry;
}

/** A country's group on a day, as a position among the groups (`none` when it was in none). */
function groupOnDay(memberships: Map<string, Membership[]>, none: number, code: string, day: string): number {
  const found = memberships.get(code)?.find((m) => m.since <= day && (m.until === null || m.until > day));
  return found && found.groupIndex >= 0 ? found.groupIndex : none;
}

/** The country's group on the session's start date, as a position in `groups` (groups.length: none). */
function groupOf(s: State, countryIndex: number, sessionIndex: number): number {
  const code = s.countries[countryIndex] ?? "";
  const day = s.sessions[sessionIndex]?.day ?? "";
  return groupOnDay(s.memberships, s.groups.length, code, day);
}

/**
 * The changed registrations, all read first, then written into the snapshot without a pause.
 * Returns the rows of every person concerned as they were before, for the journal; undefined
 * when there are more than it keeps.
 */
async function applyChanges(db: Db, s: State, ids: number[]): Promise<Before | undefined> {
  const rows: RegistrationRow[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    rows.push(...(await source.registrationsByIds(db, ids.slice(i, i + 1000))));
  await knowSessionsOf(db, s, rows);
  const before = rowsBefore(s, ids, rows);
  for (const row of rows) upsert(s, row);
  // A registration that is gone (the app never deletes one, but a person might): it counts for nothing.
  const found = new Set(rows.map((row) => row[0]));
  for (const id of ids) {
    const row = id < s.rowOf.length ? s.rowOf[id]! : -1;
    if (!found.has(id) && row >= 0) s.sessionIndex[row] = -1;
  }
  return before;
}

/** The persons changes concern, in order, and every row of theirs as it was before them. */
type Before = { persons: number[]; before: Rows };

/** The persons these changes concern (a registration's person now, and before) and their rows as they are. */
function rowsBefore(s: State, ids: number[], changed: RegistrationRow[]): Before | undefined {
  const concerned = new Set(changed.map((row) => row[1]));
  for (const id of ids) {
    const row = id < s.rowOf.length ? s.rowOf[id]! : -1;
    if (row >= 0) concerned.add(s.userId[row]!);
  }
  const persons = [...concerned].sort((a, b) => a - b);
  const parts = persons.map((person) => ({ rows: s, ...rowsOfPerson(s, person) }));
  const count = parts.reduce((sum, part) => sum + part.end - part.start, 0);
  return count + changed.length > JOURNAL_ROWS ? undefined : { persons, before: copyRows(parts) };
}

function ensureCapacity(s: State, rows: number, maxId: number): void {
  if (rows > s.registrationId.length) {
    const size = Math.max(rows, Math.ceil(s.registrationId.length * 1.5), 1024);
    for (const column of COLUMNS) {
      const grown = new Int32Array(size);
      grown.set(s[column].subarray(0, s.count));
      s[column] = grown;
    }
  }
  if (maxId >= s.rowOf.length) {
    const grown = new Int32Array(Math.max(maxId + 1, Math.ceil(s.rowOf.length * 1.5), 1024)).fill(-1);
    grown.set(s.rowOf);
    s.rowOf = grown;
  }
}

function sessionIndexOf(s: State, sessionId: number): number {
  return s.sessionPosition.get(sessionId) ?? -1;
}

function countryIndexOf(s: State, code: string): number {
  let index = s.countryPosition.get(code);
  if (index === undefined) {
    index = s.countries.length;
    s.countries.push(code);
    s.countryPosition.set(code, index);
  }
  return index;
}

function write(s: State, at: number, [id, userId, sessionId, country, status, days]: RegistrationRow): void {
  const sessionIndex = sessionIndexOf(s, sessionId);
  const countryIndex = countryIndexOf(s, country);
  s.registrationId[at] = id;
  s.userId[at] = userId;
  s.sessionIndex[at] = sessionIndex;
  s.status[at] = STATUS_CODES[status] ?? STATUS_CANCELLED;
  s.attendedDays[at] = days;
  s.countryIndex[at] = countryIndex;
  s.groupIndex[at] = sessionIndex < 0 ? s.groups.length : groupOf(s, countryIndex, sessionIndex);
  s.rowOf[id] = at;
}

/**
 * Everything, read in pages of 20,000 rows straight into the columns (so the whole table never
 * sits in memory as JavaScript arrays), then put in person order.
 */
async function loadAll(db: Db, s: State): Promise<void> {
  const { total, maxId } = await source.registrationExtent(db);
  s.count = 0;
  s.rowOf = new Int32Array(0);
  ensureCapacity(s, total + 1024, maxId);
  for (let last = 0; ;) {
    const rows = await source.registrationPage(db, last, 20_000);
    if (rows.length === 0) break;
    await knowSessionsOf(db, s, rows);
    ensureCapacity(s, s.count + rows.length, rows[rows.length - 1]![0]);
    for (const row of rows) write(s, s.count++, row);
    last = rows[rows.length - 1]![0];
  }
  putInPersonOrder(s);
  for (let at = 0; at < s.count; at++) s.rowOf[s.registrationId[at]!] = at;
}

/**
 * Rows read in id order, put in person order (then id) by a counting sort on the person: linear,
 * where a comparison sort of a million rows held the event loop for a third of a second, and
 * stable, so each person's rows stay in id order. Every column is permuted through one spare
 * column, so the load needs one column more than the snapshot, not twice the snapshot.
 */
function putInPersonOrder(s: State): void {
  const users = s.userId;
  let maxUser = 0;
  for (let i = 0; i < s.count; i++) maxUser = Math.max(maxUser, users[i]!);
  const firstOf = new Int32Array(maxUser + 2);
  for (let i = 0; i < s.count; i++) firstOf[users[i]! + 1]!++;
  for (let user = 1; user < firstOf.length; user++) firstOf[user]! += firstOf[user - 1]!;
  /** order[at] is the row that goes to position at. */
  const order = new Int32Array(s.count);
  for (let i = 0; i < s.count; i++) order[firstOf[users[i]!]!++] = i;
  let spare: Int32Array = new Int32Array(s.registrationId.length);
  for (const column of COLUMNS) {
    const unsorted = s[column];
    for (let at = 0; at < s.count; at++) spare[at] = unsorted[order[at]!]!;
    s[column] = spare;
    spare = unsorted;
  }
}

/** One changed registration: rewritten in place, or inserted among its person's rows. */
function upsert(s: State, row: RegistrationRow): void {
  const [id, userId] = row;
  const existing = id < s.rowOf.length ? s.rowOf[id]! : -1;
  if (existing >= 0 && s.userId[existing] === userId) {
    write(s, existing, row);
    return;
  }
  if (existing >= 0) {
    // Moved to another person (the app never does this): the old row counts for nothing.
    s.sessionIndex[existing] = -1;
    s.registrationId[existing] = 0;
  }
  ensureCapacity(s, s.count + 1, id);
  // After the person's last row (the first row of a later person).
  const low = rowsOfPerson(s, userId).end;
  for (const column of COLUMNS) s[column].copyWithin(low + 1, low, s.count);
  s.count++;
  for (let at = low + 1; at < s.count; at++) s.rowOf[s.registrationId[at]!] = at;
  write(s, low, row);
}

/** Keeps the change log short; a process that fell further behind reads everything again. */
export async function pruneStatsChanges(db: Db, keep = 50_000): Promise<void> {
  await transaction(db, (tx) => source.prune(tx, keep));
}

/**
 * In each server process: keep the change log short. The returned function stops it and
 * resolves once the pruning under way, if any, is done.
 */
export function startStatsMaintenance(db: Db, intervalMs = 10 * 60_000): () => Promise<void> {
  let pruning: Promise<void> = Promise.resolve();
  const run = () => {
    pruning = pruning
      .then(() => pruneStatsChanges(db))
      .catch((error: unknown) => log.error({ err: error }, "pruning stats_changes failed"));
  };
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pruning;
  };
}

/** A registration as the exports write it: its session, and its country's group on the session's date. */
export type ExportedRegistration = {
  id: number;
  session: SessionFacts;
  countryCode: string;
  /** The country group's slug; null for none. */
  group: string | null;
  status: string;
  attendedDays: number;
};

/**
 * Every registration in id order, a page at a time, read from the database and not from the
 * snapshot: an export of a million rows holds one page, where a copy of the snapshot's columns
 * grew with the table (and a fresh server needs no snapshot at all for a CSV). The sessions and
 * country groups are read once at the start; each page is as the database has it when read, and
 * a registration in a session created after the start is left out.
 */
export async function* registrationsInPages(
  db: Db,
  pageSize: number,
): AsyncGenerator<ExportedRegistration[], void, undefined> {
  const [sessions, { slugs, memberships }] = await Promise.all([source.sessions(db), source.groups(db)]);
  const sessionById = new Map(sessions.map((session) => [session.id, session]));
  const byCountry = membershipsByCountry(slugs, memberships);
  for (let last = 0; ;) {
    // Read in batches of 2,000 (a round trip each on PostgreSQL), handed on in pages of pageSize.
    const batch = await source.registrationPage(db, last, Math.max(pageSize, 2_000));
    if (batch.length === 0) return;
    last = batch[batch.length - 1]![0];
    for (let start = 0; start < batch.length; start += pageSize)
      yield exportPage(batch.slice(start, start + pageSize), sessionById, byCountry, slugs);
  }
}

/** Rows as the exports write them; those of a session not read at the start are left out. */
function exportPage(
  rows: RegistrationRow[],
  sessionById: Map<number, SessionFacts>,
  byCountry: Map<string, Membership[]>,
  slugs: string[],
): ExportedRegistration[] {
  const page: ExportedRegistration[] = [];
  for (const [id, , sessionId, countryCode, status, attendedDays] of rows) {
    const session = sessionById.get(sessionId);
    if (!session) continue;
    // A country has a membership or two: finding the one of the day costs less than a cache key.
    const group = slugs[groupOnDay(byCountry, slugs.length, countryCode, session.day)] ?? null;
    page.push({ id, session, countryCode, group, status, attendedDays });
  }
  return page;
}
