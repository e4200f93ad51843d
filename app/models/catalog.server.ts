import { and, asc, count, eq, gt, gte, lt, ne, sql, type SQL } from "drizzle-orm";
import type { SQLiteSelect } from "drizzle-orm/sqlite-core";
import {
  courses,
  domains,
  institutions,
  programs,
  statsVersion,
  trainingSessions,
  type SessionMode,
} from "../../db/schema";
import { pickLocalized, pickLocalizedFirst } from "../i18n/localized";
import { describeAvailability } from "./availability";
import { hasFreeSeat, seatsLeft, seatsTakenColumn, waitlistLengthColumn } from "./seat-ledger.server";
import { preparedStatements, type Handle } from "../utils/db.server";
import { publicSiteUrl } from "../utils/env.server";
import { engineSql } from "./engine-sql/index.server";
import type { ApiSession } from "../validation/api-responses";

/** The columns every session listing needs, localized once here so pages receive plain strings. */
function sessionSummaryColumns() {
  return {
    id: trainingSessions.id,
    sessionTitle: trainingSessions.title,
    courseTitle: courses.title,
    courseId: courses.id,
    institutionSlug: institutions.slug,
    institutionName: institutions.name,
    domainSlug: domains.slug,
    domainName: domains.name,
    startsAt: trainingSessions.startsAt,
    endsAt: trainingSessions.endsAt,
    timeZone: trainingSessions.timeZone,
    mode: trainingSessions.mode,
    capacity: trainingSessions.capacity,
    enrollmentOpensAt: trainingSessions.enrollmentOpensAt,
    enrollmentClosesAt: trainingSessions.enrollmentClosesAt,
    status: trainingSessions.status,
    cancellationReason: trainingSessions.cancellationReason,
    coHost: trainingSessions.coHost,
    languages: trainingSessions.languages,
    summary: trainingSessions.summary,
    courseSummary: courses.summary,
    venue: trainingSessions.venue,
    confirmed: seatsTakenColumn,
    waitlisted: waitlistLengthColumn,
  };
}

type SessionSummaryRow = Awaited<ReturnType<typeof sessionSummaryQuery>>[number];

function localizeSessionSummary(row: SessionSummaryRow, locale: string, now: Date) {
  const { sessionTitle, courseTitle, institutionName, domainName, coHost, summary, courseSummary, venue, ...rest } =
    row;
  return {
    ...rest,
    availability: describeAvailability(row, now),
    title: pickLocalizedFirst([sessionTitle, courseTitle], locale),
    summary: pickLocalizedFirst([summary, courseSummary], locale),
    venue: venue ? pickLocalized(venue, locale) : null,
    courseTitle: pickLocalized(courseTitle, locale),
    institutionName: pickLocalized(institutionName, locale),
    domainName: pickLocalized(domainName, locale),
    coHost: coHost ? pickLocalized(coHost, locale) : null,
  };
}

export type SessionSummary = ReturnType<typeof localizeSessionSummary>;

/** Joins a session to the course, program, institution and domain it belongs to. */
export function withCatalogJoins<T extends SQLiteSelect>(query: T) {
  return query
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .innerJoin(programs, eq(programs.id, courses.programId))
    .innerJoin(institutions, eq(institutions.id, programs.institutionId))
    .innerJoin(domains, eq(domains.id, programs.domainId));
}

function sessionSummaryQuery(db: Handle) {
  return withCatalogJoins(db.select(sessionSummaryColumns()).from(trainingSessions).$dynamic());
}

/** What the public may see: published sessions (or cancelled ones, shown as such) of published courses at active institutions. */
export function publiclyVisible(): SQL {
  return and(
    sql`${trainingSessions.status} in ('published', 'cancelled', 'completed')`,
    eq(courses.status, "published"),
    eq(institutions.status, "active"),
  ) as SQL;
}

/**
 * Lists every page shows (domains, institutions), kept per database handle until `stats_version`
 * moves: triggers bump it on any change to sessions, courses, programs, institutions or domains.
 * One indexed read instead of two queries on every catalog and home page.
 */
const listCache = preparedStatements((db: Handle) => ({
  version: db.select({ version: statsVersion.version }).from(statsVersion).where(eq(statsVersion.id, 1)).prepare(),
  lists: new Map<string, { version: number | undefined; value: unknown }>(),
}));

async function keptUntilCatalogChanges<T>(db: Handle, key: string, compute: () => Promise<T>): Promise<T> {
  const { version: versionQuery, lists } = listCache(db);
  const [row] = await versionQuery.execute();
  const version = row?.version;
  const kept = lists.get(key);
  if (kept !== undefined && kept.version === version) return kept.value as T;
  const value = await compute();
  lists.set(key, { version, value });
  return value;
}

/** The six catalog domains in their set order, with how many published courses each has. */
export async function listDomains(db: Handle, { locale }: { locale: string }) {
  return keptUntilCatalogChanges(db, `domains|${locale}`, () => queryDomains(db, locale));
}

async function queryDomains(db: Handle, locale: string) {
  const rows = await db
    .select({
      id: domains.id,
      slug: domains.slug,
      name: domains.name,
      courseCount: sql<number>`(select count(*) from courses c join programs p on p.id = c.program_id
        where p.domain_id = "domains"."id" and c.status = 'published')`,
    })
    .from(domains)
    .orderBy(asc(domains.sortOrder), asc(domains.id));
  return rows.map((row) => ({ ...row, name: pickLocalized(row.name, locale) }));
}

/** Active alliance institutions, the organizer office last. */
export async function listInstitutions(db: Handle, { locale }: { locale: string }) {
  return keptUntilCatalogChanges(db, `institutions|${locale}`, () => queryInstitutions(db, locale));
}

async function queryInstitutions(db: Handle, locale: string) {
  const rows = await db
    .select({
      slug: institutions.slug,
      name: institutions.name,
      kind: institutions.kind,
      city: institutions.city,
      memberSince: institutions.memberSince,
    })
    .from(institutions)
    .where(eq(institutions.status, "active"))
    .orderBy(sql`${institutions.kind} = 'organizer_office'`, asc(institutions.memberSince), asc(institutions.id));
  return rows.map((row) => ({
    ...row,
    name: pickLocalized(row.name, locale),
    city: pickLocalized(row.city, locale),
  }));
}

export type CatalogFilters = {
  q?: string;
  domain?: string;
  institution?: string;
  mode?: SessionMode;
  /** A language of instruction, e.g. "pt". */
  lang?: string;
  /** ISO dates (UTC days). Without `from`, only sessions yet to start are listed. */
  from?: string;
  to?: string;
  /** Only sessions with a free seat. */
  seats?: boolean;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Every search word (up to eight) must occur, in any language stored, case and accents aside (engine-sql/*). */
export function sessionSearchCondition(q: string): SQL | undefined {
  const terms = q.split(/\s+/).filter(Boolean).slice(0, 8);
  if (terms.length === 0) return undefined;
  return engineSql.sessionSearch(trainingSessions.id, terms);
}

function catalogWhere(filters: CatalogFilters, now: Date): SQL | undefined {
  const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined;
  const to = filters.to ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS) : undefined;
  return and(
    publiclyVisible(),
    from
      ? gte(trainingSessions.startsAt, from)
      : and(gt(trainingSessions.startsAt, now), ne(trainingSessions.status, "completed")),
    to ? lt(trainingSessions.startsAt, to) : undefined,
    filters.q ? sessionSearchCondition(filters.q) : undefined,
    filters.domain ? eq(domains.slug, filters.domain) : undefined,
    filters.institution ? eq(institutions.slug, filters.institution) : undefined,
    filters.mode ? eq(trainingSessions.mode, filters.mode) : undefined,
    filters.lang ? engineSql.listIncludes(trainingSessions.languages, filters.lang) : undefined,
    filters.seats ? and(eq(trainingSessions.status, "published"), hasFreeSeat) : undefined,
  );
}

/**
 * Public sessions matching the catalog's filters, soonest first, one page at a time, with the
 * total for paging. The catalog page and the JSON API both list through here.
 */
export async function searchSessions(
  db: Handle,
  {
    locale,
    now = new Date(),
    filters = {},
    limit = 20,
    offset = 0,
  }: {
    locale: string;
    now?: Date;
    filters?: CatalogFilters;
    limit?: number;
    offset?: number;
  },
) {
  const where = catalogWhere(filters, now);
  const rows = await sessionSummaryQuery(db)
    .where(where)
    .orderBy(asc(trainingSessions.startsAt), asc(trainingSessions.id))
    .limit(limit)
    .offset(offset);
  const [totalRow] = await withCatalogJoins(db.select({ total: count() }).from(trainingSessions).$dynamic()).where(
    where,
  );
  return { sessions: rows.map((row) => localizeSessionSummary(row, locale, now)), total: totalRow?.total ?? 0 };
}

/** An active institution with its programs, or null when the slug is unknown or suspended. */
export async function getInstitutionBySlug(
  db: Handle,
  { slug, locale, now = new Date() }: { slug: string; locale: string; now?: Date },
) {
  const [institution] = await db
    .select()
    .from(institutions)
    .where(and(eq(institutions.slug, slug), eq(institutions.status, "active")));
  if (!institution) return null;
  const programRows = await db
    .select({
      id: programs.id,
      title: programs.title,
      summary: programs.summary,
      domainName: domains.name,
      courseCount: sql<number>`(select count(*) from courses c
        where c.program_id = "programs"."id" and c.status = 'published')`,
    })
    .from(programs)
    .innerJoin(domains, eq(domains.id, programs.domainId))
    .where(eq(programs.institutionId, institution.id))
    .orderBy(asc(domains.sortOrder), asc(programs.id));
  const upcoming = await searchSessions(db, { locale, now, filters: { institution: slug }, limit: 10 });
  return {
    slug: institution.slug,
    name: pickLocalized(institution.name, locale),
    kind: institution.kind,
    city: pickLocalized(institution.city, locale),
    memberSince: institution.memberSince,
    websiteUrl: institution.websiteUrl,
    programs: programRows.map((p) => ({
      id: p.id,
      title: pickLocalized(p.title, locale),
      summary: pickLocalized(p.summary, locale),
      domainName: pickLocalized(p.domainName, locale),
      courseCount: p.courseCount,
    })),
    upcomingSessions: upcoming.sessions,
  };
}

/** A published course with its public sessions (past and future), or null. */
export async function getPublishedCourse(
  db: Handle,
  {
    courseId,
    locale,
    now = new Date(),
  }: {
    courseId: number;
    locale: string;
    now?: Date;
  },
) {
  const [course] = await db
    .select({
      id: courses.id,
      code: courses.code,
      title: courses.title,
      summary: courses.summary,
      hours: courses.hours,
      level: courses.level,
      languages: courses.languages,
      programTitle: programs.title,
      domainName: domains.name,
      domainSlug: domains.slug,
      institutionName: institutions.name,
      institutionSlug: institutions.slug,
    })
    .from(courses)
    .innerJoin(programs, eq(programs.id, courses.programId))
    .innerJoin(institutions, eq(institutions.id, programs.institutionId))
    .innerJoin(domains, eq(domains.id, programs.domainId))
    .where(and(eq(courses.id, courseId), eq(courses.status, "published"), eq(institutions.status, "active")));
  if (!course) return null;
  const sessions = await sessionSummaryQuery(db)
    .where(and(publiclyVisible(), eq(trainingSessions.courseId, courseId)))
    .orderBy(asc(trainingSessions.startsAt));
  return {
    ...course,
    title: pickLocalized(course.title, locale),
    summary: pickLocalized(course.summary, locale),
    programTitle: pickLocalized(course.programTitle, locale),
    domainName: pickLocalized(course.domainName, locale),
    institutionName: pickLocalized(course.institutionName, locale),
    sessions: sessions.map((row) => localizeSessionSummary(row, locale, now)),
  };
}

/** A public training session with its course and venue, or null. */
export async function getPublicSession(
  db: Handle,
  {
    sessionId,
    locale,
    now = new Date(),
  }: {
    sessionId: number;
    locale: string;
    now?: Date;
  },
) {
  const [row] = await sessionSummaryQuery(db).where(and(publiclyVisible(), eq(trainingSessions.id, sessionId)));
  return row ? localizeSessionSummary(row, locale, now) : null;
}

/** A session as the public API shows it: nothing personal, no joining link. */
export function toApiSession(session: SessionSummary): ApiSession {
  // publiclyVisible() never lets a draft through; the type cannot know it.
  if (session.status === "draft") throw new Error(`Session ${session.id} is a draft, not public`);
  const status = session.status;
  return {
    id: session.id,
    url: `${publicSiteUrl()}/sessions/${session.id}`,
    title: session.title,
    summary: session.summary,
    venue: session.venue,
    course: { id: session.courseId, title: session.courseTitle },
    institution: { slug: session.institutionSlug, name: session.institutionName },
    domain: { slug: session.domainSlug, name: session.domainName },
    startsAt: session.startsAt.toISOString(),
    endsAt: session.endsAt.toISOString(),
    timeZone: session.timeZone,
    mode: session.mode,
    capacity: session.capacity,
    seatsLeft: seatsLeft(session),
    waitlistLength: session.waitlisted,
    status,
    languages: session.languages,
    coHost: session.coHost,
    enrollmentOpensAt: session.enrollmentOpensAt.toISOString(),
    enrollmentClosesAt: session.enrollmentClosesAt.toISOString(),
  };
}
