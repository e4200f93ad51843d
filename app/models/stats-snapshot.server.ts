/**
 * Each process's in-memory copy of what statistics count, kept current by reading only what
 * changed (docs/decisions/0008-statistics-snapshot.md):
 * - one entry per registration (who, which session, status, attended days, country and the
 *   country's group on the session's date), in plain arrays of small numbers;
 * - the sessions with everything statistics group them by.
 * Triggers log every changed registration in `stats_changes` and bump `stats_version` when a
 * session, course, program, institution, domain or country group changes; a refresh reads the
 * log from where this process stopped, and reloads the (few) sessions when the version moved.
 * Reading 160,000 rows from SQLite takes some 300 ms here; a refresh after one enrollment, well
 * under a millisecond. The reads go straight to better-sqlite3 on the database's reading
 * connection (`db.$client`), for speed.
 */
import type Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import type { LocalizedText } from "../../db/schema/columns";
import { transaction, type Db } from "../utils/db.server";
import { log } from "../utils/log.server";
import { REPORTING_TIME_ZONE } from "./stats-definitions";

export const STATUS_CONFIRMED = 0;
export const STATUS_WAITLISTED = 1;
export const STATUS_CANCELLED = 2;
const STATUS_CODES: Record<string, number> = {
  confirmed: STATUS_CONFIRMED,
  waitlisted: STATUS_WAITLISTED,
  cancelled: STATUS_CANCELLED,
};

export type SessionFacts = {
  id: number;
  status: string;
  startsAt: number;
  /** Start date in Xiamen (YYYY-MM-DD); months and years follow from it. */
  day: string;
  mode: string;
  domainId: number;
  domainSlug: string;
  institutionId: number;
  institutionSlug: string;
  programId: number;
  title: LocalizedText;
  institution: LocalizedText;
};

type Membership = { code: string; since: string; until: string | null; groupIndex: number };

/**
 * The registrations as columns, ordered by person (rows of one person are next to each other,
 * so a pass counts distinct people without sets, and reads memory in order).
 */
export type Snapshot = {
  /** Sessions by position; registrations point at them by index. */
  sessions: SessionFacts[];
  /** Country group slugs by position; groups.length means "no group". */
  groups: string[];
  countries: string[];
  /** Rows in use in the columns below. */
  count: number;
  registrationId: Int32Array;
  userId: Int32Array;
  /** -1 marks a registration that was deleted. */
  sessionIndex: Int32Array;
  status: Int32Array;
  attendedDays: Int32Array;
  countryIndex: Int32Array;
  groupIndex: Int32Array;
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

type State = Snapshot & {
  database: Database.Database;
  dimensionVersion: number;
  lastSeq: number;
  /** Row of each registration id, -1 for none. */
  rowOf: Int32Array;
  sessionPosition: Map<number, number>;
  countryPosition: Map<string, number>;
  memberships: Map<string, Membership[]>;
};

let state: State | undefined;

/** Start date in Xiamen, as SQL over `s.starts_at` (Xiamen has had no daylight saving since 1991). */
const XIAMEN_DAY = `date((s.starts_at + 8 * 3600000) / 1000, 'unixepoch')`;
if (REPORTING_TIME_ZONE !== "Asia/Shanghai") throw new Error("XIAMEN_DAY assumes UTC+8");

/**
 * The current snapshot, brought up to date with whatever changed since this process last looked.
 * The refresh itself runs without a pause (better-sqlite3 answers at once), so two requests never
 * refresh it at the same time.
 */
export async function currentSnapshot(db: Db): Promise<Snapshot> {
  const database = db.$client;
  if (!state || state.database !== database) state = emptyState(database);
  const dimensionVersion = database.prepare("select version from stats_version where id = 1").pluck().get() as number;
  if (dimensionVersion !== state.dimensionVersion) loadDimensions(state, dimensionVersion);
  readChanges(state);
  return state;
}

/** A text that changes whenever any figure could: the cache key's data part. */
export async function snapshotVersion(db: Db): Promise<string> {
  const database = db.$client;
  const row = database
    .prepare("select (select version from stats_version where id = 1) as v, (select max(seq) from stats_changes) as s")
    .get() as { v: number; s: number | null };
  return `${row.v}:${row.s ?? 0}`;
}

function emptyState(database: Database.Database): State {
  return {
    database,
    dimensionVersion: -1,
    lastSeq: -1,
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
  };
}

function loadDimensions(s: State, version: number): void {
  const rows = s.database
    .prepare(
      `select s.id, s.status, s.starts_at as startsAt, ${XIAMEN_DAY} as day, s.mode, d.id as domainId,
         d.slug as domainSlug, i.id as institutionId, i.slug as institutionSlug, p.id as programId,
         coalesce(s.title, c.title) as title, i.name as institution
       from training_sessions s join courses c on c.id = s.course_id join programs p on p.id = c.program_id
       join institutions i on i.id = p.institution_id join domains d on d.id = p.domain_id`,
    )
    .all() as (Omit<SessionFacts, "title" | "institution"> & { title: string; institution: string })[];
  // Keep known sessions at their positions: registrations point at them.
  for (const row of rows) {
    const facts = {
      ...row,
      title: JSON.parse(row.title) as LocalizedText,
      institution: JSON.parse(row.institution) as LocalizedText,
    };
    const at = s.sessionPosition.get(row.id);
    if (at === undefined) {
      s.sessionPosition.set(row.id, s.sessions.length);
      s.sessions.push(facts);
    } else s.sessions[at] = facts;
  }
  const groups = s.database
    .prepare("select slug from country_groups order by sort_order, id")
    .pluck()
    .all() as string[];
  s.groups = groups;
  s.memberships = new Map();
  const memberships = s.database
    .prepare(
      `select m.country_code as code, m.since, m.until, g.slug from country_group_memberships m
       join country_groups g on g.id = m.group_id order by g.sort_order, g.id`,
    )
    .all() as { code: string; since: string; until: string | null; slug: string }[];
  for (const m of memberships) {
    const list = s.memberships.get(m.code) ?? [];
    list.push({ code: m.code, since: m.since, until: m.until, groupIndex: groups.indexOf(m.slug) });
    s.memberships.set(m.code, list);
  }
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
}

/** The country's group on the session's start date, as a position in `groups` (groups.length: none). */
function groupOf(s: State, countryIndex: number, sessionIndex: number): number {
  const code = s.countries[countryIndex] ?? "";
  const day = s.sessions[sessionIndex]?.day ?? "";
  const found = s.memberships.get(code)?.find((m) => m.since <= day && (m.until === null || m.until > day));
  return found && found.groupIndex >= 0 ? found.groupIndex : s.groups.length;
}

type RegistrationRow = [id: number, userId: number, sessionId: number, country: string, status: string, days: number];
const REGISTRATION_COLUMNS = "id, user_id, session_id, country_code, status, attended_days";

function readChanges(s: State): void {
  const database = s.database;
  const maxSeq = (database.prepare("select max(seq) from stats_changes").pluck().get() as number | null) ?? 0;
  if (maxSeq === s.lastSeq) return;
  const minSeq = (database.prepare("select min(seq) from stats_changes").pluck().get() as number | null) ?? 0;
  // First load, or the log was pruned past where this process stopped: read everything.
  if (s.lastSeq < 0 || minSeq > s.lastSeq + 1) {
    loadAll(s);
  } else {
    const ids = database
      .prepare("select distinct registration_id from stats_changes where seq > ? and seq <= ?")
      .pluck()
      .all(s.lastSeq, maxSeq) as number[];
    const select = database.prepare(
      `select ${REGISTRATION_COLUMNS} from registrations where id in (select value from json_each(?))`,
    );
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const rows = select.raw().all(JSON.stringify(chunk)) as RegistrationRow[];
      for (const row of rows) upsert(s, row);
      // A registration that is gone (the app never deletes one, but a person might): it counts for nothing.
      const found = new Set(rows.map((row) => row[0]));
      for (const id of chunk) {
        const row = id < s.rowOf.length ? s.rowOf[id]! : -1;
        if (!found.has(id) && row >= 0) s.sessionIndex[row] = -1;
      }
    }
  }
  s.lastSeq = maxSeq;
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
  let index = s.sessionPosition.get(sessionId);
  if (index === undefined) {
    // A session newer than the dimensions read: read them again (its trigger bumped the version).
    loadDimensions(s, s.database.prepare("select version from stats_version where id = 1").pluck().get() as number);
    index = s.sessionPosition.get(sessionId) ?? -1;
  }
  return index;
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
function loadAll(s: State): void {
  const database = s.database;
  const total = database.prepare("select count(*) from registrations").pluck().get() as number;
  const maxId = (database.prepare("select max(id) from registrations").pluck().get() as number | null) ?? 0;
  s.count = 0;
  s.rowOf = new Int32Array(0);
  ensureCapacity(s, total + 1024, maxId);
  const page = database.prepare(
    `select ${REGISTRATION_COLUMNS} from registrations where id > ? order by id limit 20000`,
  );
  for (let last = 0; ;) {
    const rows = page.raw().all(last) as RegistrationRow[];
    if (rows.length === 0) break;
    ensureCapacity(s, s.count + rows.length, rows[rows.length - 1]![0]);
    for (const row of rows) write(s, s.count++, row);
    last = rows[rows.length - 1]![0];
  }
  // Person order: sort positions by person (then id), and permute every column once.
  const order = new Int32Array(s.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const users = s.userId;
  const ids = s.registrationId;
  order.sort((a, b) => users[a]! - users[b]! || ids[a]! - ids[b]!);
  for (const column of COLUMNS) {
    const source = s[column];
    const sorted = new Int32Array(source.length);
    for (let i = 0; i < order.length; i++) sorted[i] = source[order[i]!]!;
    s[column] = sorted;
  }
  for (let at = 0; at < s.count; at++) s.rowOf[s.registrationId[at]!] = at;
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
  // The first row of a later person: binary search over the sorted user column.
  let low = 0;
  let high = s.count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (s.userId[middle]! <= userId) low = middle + 1;
    else high = middle;
  }
  for (const column of COLUMNS) s[column].copyWithin(low + 1, low, s.count);
  s.count++;
  for (let at = low + 1; at < s.count; at++) s.rowOf[s.registrationId[at]!] = at;
  write(s, low, row);
}

/** Keeps the change log short; a process that fell further behind reads everything again. */
export async function pruneStatsChanges(db: Db, keep = 50_000): Promise<void> {
  await transaction(db, async (tx) =>
    tx.run(sql`delete from stats_changes where seq < (select max(seq) from stats_changes) - ${keep}`),
  );
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
