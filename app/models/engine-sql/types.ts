/**
 * What is written differently on SQLite and on PostgreSQL, declared once. Each engine's raw SQL
 * lives in one module (sqlite.server.ts, postgresql.server.ts); models ask `engineSql` (index)
 * and never test which engine they run on. Everything else is drizzle's typed builders, which
 * both engines share.
 */
import type { SQL, SQLWrapper } from "drizzle-orm";
import type { LocalizedText } from "../../../db/schema/columns";
import type { Handle, Tx } from "../../utils/db.server";

/** A training session with everything statistics group it by, as the statistics snapshot keeps it. */
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

export type MembershipRow = { code: string; since: string; until: string | null; slug: string };

/** A registration as statistics read it, as an array (a million of them must stay small). */
export type RegistrationRow = [
  id: number,
  userId: number,
  sessionId: number,
  country: string,
  status: string,
  days: number,
];

/**
 * Where this process stopped reading the statistics change log: opaque to the snapshot, each
 * engine keeps what it needs (SQLite a sequence number, PostgreSQL also a transaction horizon).
 */
export type ChangeCursor = { readonly engine: string } & Record<string, unknown>;

/** What changed since a cursor: the registrations to read again, or everything (first load, log pruned past it). */
export type Changes =
  { reloadAll: true; cursor: ChangeCursor } | { reloadAll: false; ids: number[]; cursor: ChangeCursor };

/** The statistics snapshot's reads (app/models/stats-snapshot.server.ts), and the log's upkeep. */
export interface StatsSource {
  /** Moves whenever a session, course, program, institution, domain or country group changes. */
  dimensionVersion(db: Handle): Promise<number>;
  /** A text that changes whenever any figure could: the statistics cache's key. */
  dataVersion(db: Handle): Promise<string>;
  sessions(db: Handle): Promise<SessionFacts[]>;
  /** Country group slugs in report order, and every membership with its group's slug. */
  groups(db: Handle): Promise<{ slugs: string[]; memberships: MembershipRow[] }>;
  /** The changes after `cursor` (undefined: nothing read yet). */
  changesSince(db: Handle, cursor: ChangeCursor | undefined): Promise<Changes>;
  registrationsByIds(db: Handle, ids: number[]): Promise<RegistrationRow[]>;
  /** Up to `limit` registrations with an id above `afterId`, in id order. */
  registrationPage(db: Handle, afterId: number, limit: number): Promise<RegistrationRow[]>;
  registrationExtent(db: Handle): Promise<{ total: number; maxId: number }>;
  /** Deletes all but about the last `keep` changes, so that no process that is current misses one. */
  prune(tx: Tx, keep: number): Promise<void>;
}

/** A write not yet sent (a drizzle insert or update builder): its SQL, or sent by awaiting it. */
export type PendingWrite<T = unknown> = SQLWrapper & PromiseLike<T>;

/**
 * A row's write and the writes that refer to it (its audit event, its notice), given the row's
 * id: a number once it is known, or on PostgreSQL the SQL that reads it from the row's write.
 */
export type WriteWithDependents = {
  row: PendingWrite<{ id: number }[]>;
  dependents: ((rowId: SQL | number) => PendingWrite)[];
};

export interface EngineSql {
  /** Sessions whose search text holds every term, in any language: a condition on training_sessions.id. */
  sessionSearch(sessionId: SQLWrapper, terms: string[]): SQL;
  /** Whether a JSON list of language codes holds `lang`. */
  listIncludes(list: SQLWrapper, lang: string): SQL;
  /**
   * Locks the sessions' seats until the transaction ends, in id order (so two decisions over the
   * same sessions never wait for each other in a circle). SQLite's immediate transaction already
   * holds the one write lock: nothing more to take there.
   */
  lockSeats(tx: Tx, sessionIds: number[]): Promise<void>;
  /**
   * Sends a row's write and its dependents' and returns the row's id. On PostgreSQL one
   * statement (the row's write a CTE that the others take its id from): inside the seat lock
   * each round trip is time the lock is held. On SQLite, in the process, one after another.
   */
  writeWithDependents(tx: Tx, write: WriteWithDependents): Promise<number>;
  /** Appended to a `select … for update` that claims queued work: rows another process holds are passed over. */
  readonly claimRows: SQL;
  readonly stats: StatsSource;
}
