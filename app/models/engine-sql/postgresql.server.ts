/**
 * PostgreSQL's raw SQL (see types.ts): trigram search over `session_search`, jsonb lists, row
 * locks on the sessions' seats, claims that pass over rows another process holds, and the
 * statistics reads. Registrations are read as arrays straight from node-postgres (`rowMode:
 * "array"`): a million of them as objects would cost twice the memory.
 *
 * The statistics change log (migration 0001 of db/migrations-pg) is read by transaction, not by
 * sequence number: a sequence number is handed out when a row is written, so a transaction that
 * commits late can make a smaller number visible after a larger one. Each read notes its
 * snapshot's xmin, the oldest transaction still running; the next read takes every change of a
 * transaction from that one on, so none is missed however late it commits (a few are read twice,
 * which costs nothing: a registration is read as it is now).
 */
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import type * as schema from "../../../db/schema";
import { holdForNextStatement } from "../../../db/postgres";
import { escapeLike } from "../../../db/search-fold";
import type { Handle, Tx } from "../../utils/db.server";
import { REPORTING_TIME_ZONE } from "../stats-definitions";
import type { ChangeCursor, EngineSql, MembershipRow, RegistrationRow, SessionFacts, StatsSource } from "./types";

/** The handle as what it is on this engine (the models' types are SQLite's: docs/decisions/0018). */
type PgHandle = NodePgDatabase<typeof schema> & { $client?: pg.Pool };

async function rows<T>(handle: Handle | Tx, query: SQL): Promise<T[]> {
  const result = await (handle as unknown as PgHandle).execute(query);
  return result.rows as T[];
}

/** Rows as arrays, on the pool itself: for the statistics' registration reads. */
async function arrays<T extends unknown[]>(handle: Handle, text: string, values: unknown[]): Promise<T[]> {
  const pool = (handle as unknown as PgHandle).$client;
  if (!pool) throw new Error("Statistics read on the database, not inside a transaction.");
  const result = await pool.query<T>({ text, values, rowMode: "array" });
  return result.rows;
}

const REGISTRATION_COLUMNS = "id, user_id, session_id, country_code, status, attended_days";

type PostgresCursor = ChangeCursor & { engine: "postgresql"; xmin: bigint };

const stats: StatsSource = {
  async dimensionVersion(db) {
    const [row] = await rows<{ version: number }>(db, sql`select version from stats_version where id = 1`);
    return row?.version ?? 0;
  },

  async dataVersion(db) {
    // The count too: a late commit adds a row below the largest sequence number (see above);
    // the prune horizon: pruning removes rows.
    const [row] = await rows<{ v: number; p: string; s: number | null; c: number }>(
      db,
      sql`select v.version as v, v.pruned_before::text as p, (select max(seq) from stats_changes) as s,
            (select count(*) from stats_changes) as c
          from stats_version v where v.id = 1`,
    );
    return `${row?.v ?? 0}:${row?.p ?? 0}:${row?.s ?? 0}:${row?.c ?? 0}`;
  },

  async sessions(db) {
    return rows<SessionFacts>(
      db,
      sql`select s.id, s.status, (extract(epoch from s.starts_at) * 1000)::float8 as "startsAt",
            to_char(s.starts_at at time zone ${REPORTING_TIME_ZONE}, 'YYYY-MM-DD') as day, s.mode,
            d.id as "domainId", d.slug as "domainSlug", i.id as "institutionId", i.slug as "institutionSlug",
            p.id as "programId", coalesce(s.title, c.title) as title, i.name as institution
          from training_sessions s join courses c on c.id = s.course_id join programs p on p.id = c.program_id
          join institutions i on i.id = p.institution_id join domains d on d.id = p.domain_id`,
    );
  },

  async groups(db) {
    const slugs = await rows<{ slug: string }>(db, sql`select slug from country_groups order by sort_order, id`);
    const memberships = await rows<MembershipRow>(
      db,
      sql`select m.country_code as code, m.since, m.until, g.slug from country_group_memberships m
          join country_groups g on g.id = m.group_id order by g.sort_order, g.id`,
    );
    return { slugs: slugs.map((row) => row.slug), memberships };
  },

  async changesSince(db, cursor) {
    const [now] = await rows<{ xmin: string; pruned: string }>(
      db,
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pruned_before::text as pruned
          from stats_version where id = 1`,
    );
    const next: PostgresCursor = { engine: "postgresql", xmin: BigInt(now?.xmin ?? 0) };
    const last = (cursor as PostgresCursor | undefined)?.xmin;
    // First load, or the log was pruned past where this process stopped.
    if (last === undefined || last < BigInt(now?.pruned ?? 0)) return { reloadAll: true, cursor: next };
    const changed = await rows<{ id: number }>(
      db,
      sql`select distinct registration_id as id from stats_changes where txid >= ${last.toString()}::xid8`,
    );
    return { reloadAll: false, ids: changed.map((row) => row.id), cursor: next };
  },

  registrationsByIds(db, ids) {
    return arrays<RegistrationRow>(db, `select ${REGISTRATION_COLUMNS} from registrations where id = any($1::int[])`, [
      ids,
    ]);
  },

  registrationPage(db, afterId, limit) {
    return arrays<RegistrationRow>(
      db,
      `select ${REGISTRATION_COLUMNS} from registrations where id > $1 order by id limit $2`,
      [afterId, limit],
    );
  },

  async registrationExtent(db) {
    const [row] = await rows<{ total: number; maxId: number }>(
      db,
      sql`select count(*) as total, coalesce(max(id), 0) as "maxId" from registrations`,
    );
    return row ?? { total: 0, maxId: 0 };
  },

  async prune(tx, keep) {
    // Up to the transaction of the newest change beyond the last `keep`, but never past a
    // transaction still running (its changes may yet appear); a process whose cursor is behind
    // the horizon reads everything again.
    await rows(
      tx,
      sql`update stats_version set pruned_before = greatest(pruned_before, least(
            pg_snapshot_xmin(pg_current_snapshot()),
            coalesce(((select txid::text::bigint from stats_changes order by seq desc offset ${keep} limit 1) + 1)::text::xid8,
              '0'::xid8)))
          where id = 1`,
    );
    await rows(tx, sql`delete from stats_changes where txid < (select pruned_before from stats_version where id = 1)`);
  },
};

export const postgresqlSql: EngineSql = {
  /**
   * Every term must occur in the session's text, both folded by `search_fold` (lower case,
   * accents removed, as on SQLite); the trigram index answers terms of three characters or more,
   * shorter ones (two-character Chinese words) scan this one small table.
   */
  sessionSearch(sessionId: SQLWrapper, terms: string[]): SQL {
    const conditions = terms.map(
      (term) => sql`search_fold(body) like '%' || search_fold(${escapeLike(term)}) || '%' escape '\\'`,
    );
    return sql`${sessionId} in (select session_id from session_search where ${sql.join(conditions, sql` and `)})`;
  },

  listIncludes: (list, lang) => sql`${list} @> jsonb_build_array(${lang}::text)`,

  async lockSeats(tx, sessionIds) {
    if (sessionIds.length === 0) return;
    const ids = [...new Set(sessionIds)].sort((a, b) => a - b);
    // NO KEY UPDATE: it waits for every other seat decision on these sessions, but not for a
    // registration being inserted elsewhere that only references the row. The ids are written
    // into the text, checked whole numbers: a statement without values, and nothing reads its
    // answer, so it is sent with the decision's next statement (and the transaction's begin, if
    // still held) in one round trip (db/postgres.ts, NamingClient; docs/decisions/0022).
    if (!ids.every((id) => Number.isSafeInteger(id))) throw new Error(`Not session ids: ${ids.join(", ")}`);
    const lock = `select id from training_sessions where id in (${ids.join(", ")}) order by id for no key update`;
    if (!holdForNextStatement(tx, lock)) await rows(tx, sql.raw(lock));
  },

  async writeWithDependents(tx, { row, dependents }) {
    // (A builder's SQL is taken with getSQL(): embedded whole, drizzle would parenthesize it as a
    // subquery.) Every part of a WITH sees the same snapshot and PostgreSQL runs each data-modifying part
    // exactly once; the dependents read the row's id from its RETURNING, and their foreign keys
    // are checked at the statement's end, when the row is there.
    const rowId = sql`(select id from written_row)`;
    const parts = dependents.map(
      (dependent, i) => sql`, ${sql.raw(`dependent_${i}`)} as (${dependent(rowId).getSQL()})`,
    );
    const [written] = await rows<{ id: number }>(
      tx,
      sql`with written_row as (${row.getSQL()})${sql.join(parts)} select id from written_row`,
    );
    if (!written) throw new Error("A write with dependents wrote no row");
    return written.id;
  },

  claimRows: sql`for update skip locked`,

  stats,
};
