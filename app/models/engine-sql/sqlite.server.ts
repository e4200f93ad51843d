/**
 * SQLite's raw SQL (see types.ts): FTS5 trigram search, json_each, and the statistics reads,
 * which go straight to better-sqlite3's prepared statements on the reading connection (`$client`)
 * for speed: reading 160,000 registrations takes some 300 ms that way.
 */
import type Database from "better-sqlite3";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { LocalizedText } from "../../../db/schema/columns";
import { foldedContains } from "../../../db/search-fold";
import type { Handle } from "../../utils/db.server";
import { REPORTING_TIME_ZONE } from "../stats-definitions";
import type { ChangeCursor, EngineSql, MembershipRow, RegistrationRow, SessionFacts, StatsSource } from "./types";

/** Start date in Xiamen, as SQL over `s.starts_at` (Xiamen has had no daylight saving since 1991). */
const XIAMEN_DAY = `date((s.starts_at + 8 * 3600000) / 1000, 'unixepoch')`;
if (REPORTING_TIME_ZONE !== "Asia/Shanghai") throw new Error("XIAMEN_DAY assumes UTC+8");

const REGISTRATION_COLUMNS = "id, user_id, session_id, country_code, status, attended_days";

function client(db: Handle): Database.Database {
  return (db as unknown as { $client: Database.Database }).$client;
}

/** One prepared statement per connection and text: compiling costs more than running them. */
const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function statement(db: Handle, text: string): Database.Statement {
  const connection = client(db);
  let statements = prepared.get(connection);
  if (!statements) prepared.set(connection, (statements = new Map()));
  let found = statements.get(text);
  if (!found) statements.set(text, (found = connection.prepare(text)));
  return found;
}

type SqliteCursor = ChangeCursor & { engine: "sqlite"; seq: number };

const stats: StatsSource = {
  async dimensionVersion(db) {
    return statement(db, "select version from stats_version where id = 1").pluck().get() as number;
  },

  async dataVersion(db) {
    const row = statement(
      db,
      "select (select version from stats_version where id = 1) as v, (select max(seq) from stats_changes) as s",
    ).get() as { v: number; s: number | null };
    return `${row.v}:${row.s ?? 0}`;
  },

  async sessions(db) {
    const rows = statement(
      db,
      `select s.id, s.status, s.starts_at as startsAt, ${XIAMEN_DAY} as day, s.mode, d.id as domainId,
         d.slug as domainSlug, i.id as institutionId, i.slug as institutionSlug, p.id as programId,
         coalesce(s.title, c.title) as title, i.name as institution
       from training_sessions s join courses c on c.id = s.course_id join programs p on p.id = c.program_id
       join institutions i on i.id = p.institution_id join domains d on d.id = p.domain_id`,
    ).all() as (Omit<SessionFacts, "title" | "institution"> & { title: string; institution: string })[];
    return rows.map((row) => ({
      ...row,
      title: JSON.parse(row.title) as LocalizedText,
      institution: JSON.parse(row.institution) as LocalizedText,
    }));
  },

  async groups(db) {
    const slugs = statement(db, "select slug from country_groups order by sort_order, id").pluck().all() as string[];
    const memberships = statement(
      db,
      `select m.country_code as code, m.since, m.until, g.slug from country_group_memberships m
       join country_groups g on g.id = m.group_id order by g.sort_order, g.id`,
    ).all() as MembershipRow[];
    return { slugs, memberships };
  },

  async changesSince(db, cursor) {
    const last = (cursor as SqliteCursor | undefined)?.seq;
    const maxSeq = (statement(db, "select max(seq) from stats_changes").pluck().get() as number | null) ?? 0;
    const next: SqliteCursor = { engine: "sqlite", seq: maxSeq };
    if (last === maxSeq) return { reloadAll: false, ids: [], cursor: next };
    const minSeq = (statement(db, "select min(seq) from stats_changes").pluck().get() as number | null) ?? 0;
    // First load, or the log was pruned past where this process stopped.
    if (last === undefined || minSeq > last + 1) return { reloadAll: true, cursor: next };
    const ids = statement(db, "select distinct registration_id from stats_changes where seq > ? and seq <= ?")
      .pluck()
      .all(last, maxSeq) as number[];
    return { reloadAll: false, ids, cursor: next };
  },

  async registrationsByIds(db, ids) {
    return statement(
      db,
      `select ${REGISTRATION_COLUMNS} from registrations where id in (select value from json_each(?))`,
    )
      .raw()
      .all(JSON.stringify(ids)) as RegistrationRow[];
  },

  async registrationPage(db, afterId, limit) {
    return statement(db, `select ${REGISTRATION_COLUMNS} from registrations where id > ? order by id limit ?`)
      .raw()
      .all(afterId, limit) as RegistrationRow[];
  },

  async registrationExtent(db) {
    return statement(db, "select count(*) as total, coalesce(max(id), 0) as maxId from registrations").get() as {
      total: number;
      maxId: number;
    };
  },

  async prune(tx, keep) {
    // Sequence numbers are handed out in commit order here (one writer at a time).
    tx.run(sql`delete from stats_changes where seq < (select max(seq) from stats_changes) - ${keep}`);
  },
};

export const sqliteSql: EngineSql = {
  /**
   * Words of three characters or more are trigram MATCH phrases, which fold case in every script
   * and ignore accents (the index is built with remove_diacritics): "Производство" finds
   * "производство", "gestao" finds "gestão". Shorter words, such as two-character Chinese ones
   * ("港口"), have no trigram: they are LIKE patterns over this one small table, both sides
   * folded by `search_fold`.
   */
  sessionSearch(sessionId: SQLWrapper, terms: string[]): SQL {
    const long = terms.filter((term) => [...term].length >= 3);
    const short = terms.filter((term) => [...term].length < 3);
    const conditions = [
      ...(long.length
        ? [sql`session_search match ${long.map((term) => `"${term.replace(/"/g, '""')}"`).join(" ")}`]
        : []),
      ...short.map((term) => foldedContains(sql`body`, term)),
    ];
    return sql`${sessionId} in (select rowid from session_search where ${sql.join(conditions, sql` and `)})`;
  },

  listIncludes: (list, lang) => sql`exists (select 1 from json_each(${list}) where value = ${lang})`,

  // The immediate transaction holds the file's one write lock from its first statement.
  lockSeats: async () => undefined,

  async writeWithDependents(_tx, { row, dependents }) {
    const [written] = await row;
    if (!written) throw new Error("A write with dependents wrote no row");
    for (const dependent of dependents) await dependent(written.id);
    return written.id;
  },

  // Claiming runs in an immediate transaction, which no other writer can enter meanwhile.
  claimRows: sql``,

  stats,
};
