/**
 * An HTTP fuzzer against the real server: malformed, oversized, wrongly typed, Unicode-edge and
 * half-empty bodies to every action, odd query strings and path parameters to every loader, as
 * a visitor, a trainee, staff and an organizer. Never a 5xx; a refused request (4xx) changes
 * nothing (triggers written into this test's copy of the database record every write to the
 * records people care about); afterwards the file is whole and the seat rules hold.
 * FUZZ_RUNS scales the number of requests (default 1: about 1,000).
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import { testPostgres, testSqlite } from "../support/database";
import fs from "node:fs";
import { and, asc, desc, eq, gt, max, sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/utils/db.server";
import { checkDatabaseFile } from "../../db/backup";
import { courses, institutions, programs, registrations, trainingSessions, users } from "../../db/schema";
import { integer, SCHEMA_DIALECT, table as declareTable, text } from "../../db/schema/dialect";
import { findSeatViolations } from "../support/enrollment";
import { cookiesFor, startServer, type RunningServer } from "../support/race";

const SCALE = Number(process.env.FUZZ_RUNS ?? 1);

/** Tables whose rows are written by design on a refused request, or only as a consequence of other writes. */
const UNWATCHED = new Set([
  "__drizzle_migrations",
  "auth_sessions", // a session's expiry moves forward on use
  "login_throttle", // a refused sign-in or check-in code is counted
  "enrollment_notices", // mail queued by earlier requests is delivered in the background
  "mail_outbox",
  "stats_changes", // written by triggers of the watched tables
  "stats_version",
]);

/** The log the watching triggers write to: one row per write to a watched table. */
const fuzzWrites = declareTable("fuzz_writes", {
  id: integer("id").primaryKey(),
  tbl: text("tbl").notNull(),
});

/**
 * The tables to watch, out of all of this test's copy of the database: not the unwatched ones,
 * not the log itself, and not the search index (SQLite's full-text table and its shadow tables,
 * PostgreSQL's trigram table), which triggers of the watched tables keep up to date.
 */
const watched = (tables: string[]) =>
  tables.filter((t) => !UNWATCHED.has(t) && t !== "fuzz_writes" && !t.startsWith("session_search"));

/** The writes a trigger fires on. An API token's "last used" moment is bookkeeping; anything else about a token is watched. */
const watchedEvents = (table: string) =>
  [
    ["ins", "insert"],
    ["upd", table === "api_tokens" ? "update of name, token_hash, revoked_at" : "update"],
    ["del", "delete"],
  ] as const;

/**
 * Triggers on every watched table of this test's copy of the database, each logging its table
 * to fuzz_writes. Raw DDL on each engine, as there is no typed builder for triggers: SQLite's on
 * the writing connection; on PostgreSQL, one trigger function that logs the table it fires on.
 */
async function watchWrites() {
  if (SCHEMA_DIALECT === "postgresql") {
    const tables = await testPostgres<{ name: string }>(
      sql`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    await testPostgres(sql`create table fuzz_writes (id serial primary key, tbl text not null)`);
    await testPostgres(
      sql`create function fuzz_log_write() returns trigger language plpgsql as $$
            begin insert into fuzz_writes (tbl) values (TG_TABLE_NAME); return null; end $$`,
    );
    for (const table of watched(tables.map((t) => t.name)))
      for (const [name, event] of watchedEvents(table))
        await testPostgres(
          sql.raw(
            `create trigger fuzz_${table}_${name} after ${event} on "${table}" for each row execute function fuzz_log_write()`,
          ),
        );
    return;
  }
  const sqlite = testSqlite;
  const tables = sqlite()
    .prepare("select name from sqlite_schema where type = 'table' and name not like 'sqlite_%'")
    .pluck()
    .all() as string[];
  sqlite().exec("create table fuzz_writes (id integer primary key, tbl text not null)");
  for (const table of watched(tables))
    for (const [name, event] of watchedEvents(table))
      sqlite().exec(
        `create trigger fuzz_${table}_${name} after ${event} on "${table}" begin insert into fuzz_writes (tbl) values ('${table}'); end`,
      );
}
/**
 * The newest log row's id (0 before the first). Not the count: on PostgreSQL a write rolled back
 * uses up its id, so later ids run ahead of the count.
 */
const writes = async () =>
  (
    await getDb()
      .select({ last: max(fuzzWrites.id) })
      .from(fuzzWrites)
  )[0]?.last ?? 0;
const writtenTables = async (since: number) =>
  (await getDb().selectDistinct({ tbl: fuzzWrites.tbl }).from(fuzzWrites).where(gt(fuzzWrites.id, since))).map(
    (row) => row.tbl,
  );

type Role = "anonymous" | "trainee" | "staff" | "organizer";
const ROLES: Role[] = ["anonymous", "trainee", "staff", "organizer"];

/** The first row's id, or 0 (an id no record has) when there is none. */
const idOf = async (query: Promise<{ id: number }[]>) => (await query)[0]?.id ?? 0;

/** One address per route module (a route added without one fails the first test), and whether it takes posts. */
async function routeTable() {
  const db = getDb();
  const xiamen = eq(institutions.slug, "xiamen-university");
  const xiamenSession = await idOf(
    db
      .select({ id: trainingSessions.id })
      .from(trainingSessions)
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .innerJoin(programs, eq(programs.id, courses.programId))
      .innerJoin(institutions, eq(institutions.id, programs.institutionId))
      .where(and(xiamen, eq(trainingSessions.status, "published")))
      .orderBy(desc(trainingSessions.startsAt), asc(trainingSessions.id))
      .limit(1),
  );
  const course = await idOf(
    db
      .select({ id: courses.id })
      .from(courses)
      .innerJoin(programs, eq(programs.id, courses.programId))
      .innerJoin(institutions, eq(institutions.id, programs.institutionId))
      .where(xiamen)
      .orderBy(asc(courses.id))
      .limit(1),
  );
  const program = await idOf(
    db
      .select({ id: programs.id })
      .from(programs)
      .innerJoin(institutions, eq(institutions.id, programs.institutionId))
      .where(xiamen)
      .orderBy(asc(programs.id))
      .limit(1),
  );
  const place = await idOf(
    db
      .select({ id: registrations.id })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(eq(users.email, "trainee1@example.org"))
      .orderBy(asc(registrations.id))
      .limit(1),
  );
  return {
    "$.tsx": `/no/such/page`,
    "_index.tsx": `/`,
    "admin._index.tsx": `/admin`,
    "admin.api-tokens.tsx": `/admin/api-tokens`,
    "admin.country-groups.tsx": `/admin/country-groups`,
    "admin.domains.tsx": `/admin/domains`,
    "admin.institutions.$slug.tsx": `/admin/institutions/huaqiao-university`,
    "admin.institutions._index.tsx": `/admin/institutions`,
    "admin.invitations.tsx": `/admin/invitations`,
    "admin.outbox.tsx": `/admin/outbox`,
    "admin.stats.tsx": `/admin/stats`,
    "admin.stats_.export[.csv].ts": `/admin/stats/export.csv`,
    "admin.stats_.export[.xlsx].ts": `/admin/stats/export.xlsx`,
    "api.v1.$.ts": `/api/v1/no-such-endpoint`,
    "api.v1.openapi[.json].ts": `/api/v1/openapi.json`,
    "api.v1.sessions.$sessionId.ts": `/api/v1/sessions/${xiamenSession}`,
    "api.v1.sessions.ts": `/api/v1/sessions`,
    "api.v1.stats.ts": `/api/v1/stats`,
    "catalog.tsx": `/catalog`,
    "check-in.tsx": `/check-in`,
    "courses.$courseId.tsx": `/courses/${course}`,
    "developers.tsx": `/developers`,
    "forgot-password.tsx": `/forgot-password`,
    "healthz.ts": `/healthz`,
    "impact.tsx": `/impact`,
    "institutions.$slug.tsx": `/institutions/xiamen-university`,
    "invitations.$token.tsx": `/invitations/not-a-real-token`,
    "language.tsx": `/language`,
    "login.tsx": `/login`,
    "logout.tsx": `/logout`,
    "manage._index.tsx": `/manage`,
    "manage.courses.$courseId.tsx": `/manage/courses/${course}`,
    "manage.courses.new.tsx": `/manage/courses/new`,
    "manage.programs.$programId.tsx": `/manage/programs/${program}`,
    "manage.programs.new.tsx": `/manage/programs/new`,
    "manage.sessions.$sessionId.tsx": `/manage/sessions/${xiamenSession}`,
    "manage.sessions.$sessionId_.attendance-import.tsx": `/manage/sessions/${xiamenSession}/attendance-import`,
    "manage.sessions.$sessionId_.attendance-import_.$importId.tsx": `/manage/sessions/${xiamenSession}/attendance-import/1`,
    "manage.sessions.$sessionId_.check-in.tsx": `/manage/sessions/${xiamenSession}/check-in`,
    "manage.sessions.$sessionId_.roster.tsx": `/manage/sessions/${xiamenSession}/roster`,
    "manage.sessions.$sessionId_.roster[.csv].ts": `/manage/sessions/${xiamenSession}/roster.csv`,
    "manage.sessions.$sessionId_.roster[.xlsx].ts": `/manage/sessions/${xiamenSession}/roster.xlsx`,
    "manage.sessions.new.tsx": `/manage/sessions/new`,
    "me.data[.json].ts": `/me/data.json`,
    "me.tsx": `/me`,
    "me_.calendar[.ics].ts": `/me/calendar.ics`,
    "me_.enrollments.tsx": `/me/enrollments`,
    "me_.enrollments_.$registrationId.calendar[.ics].ts": `/me/enrollments/${place}/calendar.ics`,
    "privacy.tsx": `/privacy`,
    "reset-password.$token.tsx": `/reset-password/not-a-real-token`,
    "sessions.$sessionId.tsx": `/sessions/${xiamenSession}`,
    "signup.tsx": `/signup`,
    "signup_.confirm.$token.tsx": `/signup/confirm/not-a-real-token`,
  } satisfies Record<string, string>;
}

/** Field names and intents a route's source mentions: the fuzzer's dictionary for its forms. */
function formVocabulary(file: string): { names: string[]; intents: string[] } {
  const source = fs.readFileSync(`app/routes/${file}`, "utf8");
  const names = new Set(["intent", "_action", "redirectTo"]);
  for (const match of source.matchAll(/(?:name=|formData\.get(?:All)?\()["']([\w-]+)["']/g)) names.add(match[1] ?? "");
  const intents = new Set<string>();
  for (const match of source.matchAll(/intent === ["']([\w-]+)["']|value=["']([\w-]+)["']/g))
    intents.add(match[1] ?? match[2] ?? "");
  return { names: [...names].filter(Boolean), intents: [...intents].filter(Boolean) };
}

const edgeText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    "-1",
    "0",
    "1e309",
    "NaN",
    "9007199254740993",
    "१२",
    "\u0000",
    "\u202eevil",
    "\ud800",
    "%",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "' or 1=1 --",
    "2021-02-30",
    "2026-13-01T25:61",
    "Asia/Nowhere",
    "on",
    // Redirect targets a browser would read as another site, or a header could not carry.
    "/\t/evil.example",
    "/\n/evil.example",
    "\t//evil.example",
    "/\\evil.example",
    "//evil.example",
    "https://evil.example",
    "/catalog\r\nSet-Cookie: x=1",
    "/каталог",
    "/目录?q=金砖",
    "/\u2028x",
  ),
  fc.integer().map(String),
  fc.string({ minLength: 2_000, maxLength: 20_000, unit: "grapheme-ascii" }),
);

type Body = { contentType?: string; body: string | Buffer };
const urlencoded = (entries: [string, string][]) => {
  const form = new URLSearchParams();
  for (const [k, v] of entries) form.append(k, v);
  return form.toString();
};

function bodyFor(file: string): fc.Arbitrary<Body> {
  const { names, intents } = formVocabulary(file);
  const name = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 20 }));
  const intent = intents.length > 0 ? fc.constantFrom(...intents) : fc.constant("save");
  const FORM = "application/x-www-form-urlencoded";
  return fc.oneof(
    // Fields of the form with edge values, some repeated, some missing.
    {
      weight: 6,
      arbitrary: fc
        .tuple(intent, fc.array(fc.tuple(name, edgeText), { maxLength: 10 }))
        .map(([i, entries]) => ({ contentType: FORM, body: urlencoded([["intent", i], ...entries]) })),
    },
    // Only the intent: every other field missing.
    { weight: 2, arbitrary: intent.map((i) => ({ contentType: FORM, body: urlencoded([["intent", i]]) })) },
    // Broken encodings and bytes.
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc
          .constantFrom("%", "%E0%A4%A", "intent=%ZZ&x", "=&=&==", "a".repeat(5_000))
          .map((body) => ({ contentType: FORM, body })),
        fc.uint8Array({ maxLength: 500 }).map((bytes) => ({ contentType: FORM, body: Buffer.from(bytes) })),
      ),
    },
    // Other content types: JSON, a multipart body with a wrong boundary, none at all.
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.json().map((body) => ({ contentType: "application/json", body })),
        fc.constant({ contentType: "multipart/form-data; boundary=xyz", body: "--abc\r\nnot a part\r\n--abc--" }),
        fc.constant({ contentType: "multipart/form-data", body: "intent=save" }),
        fc.constant({ contentType: undefined, body: "intent=save" }),
        fc.constant({ contentType: "text/plain", body: "intent=enroll" }),
      ),
    },
    // Over the limit: a form of 1.5 MB.
    { weight: 1, arbitrary: fc.constant({ contentType: FORM, body: `intent=save&title_en=${"x".repeat(1_500_000)}` }) },
  );
}

const queryString = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(
            "q",
            "page",
            "from",
            "to",
            "domain",
            "institution",
            "mode",
            "lang",
            "seats",
            "program",
            "group",
            "groupBy",
            "token",
            "code",
            "limit",
            "offset",
            "table",
            "done",
            "day",
            "institution",
          ),
          fc.string({ maxLength: 10 }),
        ),
        edgeText,
      ),
      { maxLength: 6 },
    )
    .map((entries) => `?${urlencoded(entries)}`),
  fc.constantFrom("?%", "?page=%E0%A4%A", "?q=%00", "?page=1&page=2", `?q=${"ü".repeat(3_000)}`, "?from=9999-99-99"),
);

/** Odd values in place of a route's id or slug. */
const pathParameter = fc.constantFrom(
  "0",
  "-1",
  "1.5",
  "1e3",
  "9007199254740993",
  "%00",
  "%E0%A4%A",
  "१",
  "abc",
  "x".repeat(500),
  "..%2F..",
);

let server: RunningServer;
let cookies: Record<Role, string>;
let userIds: Record<Exclude<Role, "anonymous">, number>;
const table = () => routeTable();

async function refreshCookie(role: Role) {
  if (role === "anonymous") return;
  const [cookie = ""] = await cookiesFor([userIds[role]]);
  cookies[role] = cookie;
}

async function send(role: Role, method: "GET" | "POST", url: string, body?: Body) {
  const headers: Record<string, string> = { Origin: server.url };
  // A hostile proxy header on every read (on a post, React Router refuses it outright: 400).
  if (method === "GET") headers["X-Forwarded-Host"] = "evil.example";
  if (cookies[role]) headers.Cookie = cookies[role];
  if (body?.contentType) headers["Content-Type"] = body.contentType;
  const started = Date.now();
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers,
    body: typeof body?.body === "string" ? body.body : body?.body ? new Uint8Array(body.body) : undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  if (process.env.FUZZ_TRACE) console.log(method, url.slice(0, 80), response.status, Date.now() - started, "ms");
  const text = await response.text();
  return { status: response.status, text };
}

beforeAll(async () => {
  if (!fs.existsSync("build/server.js")) throw new Error("Build the app first: npm run build");
  await watchWrites();
  // The watch is seen to work before it is trusted: a row written with the values it has
  // (nothing changes) fires its table's trigger. Without triggers every refusal would pass.
  const before = await writes();
  await transaction(getDb(), (tx) =>
    tx
      .update(institutions)
      .set({ status: sql`${institutions.status}` })
      .where(eq(institutions.slug, "xiamen-university")),
  );
  expect(await writtenTables(before)).toEqual(["institutions"]);
  const id = (email: string) =>
    idOf(getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1));
  userIds = {
    trainee: await id("trainee1@example.org"),
    staff: await id("staff@xiamen-university.example.org"),
    organizer: await id("organizer@example.org"),
  };
  cookies = { anonymous: "", trainee: "", staff: "", organizer: "" };
  for (const role of ROLES) await refreshCookie(role);
  server = await startServer({ databasePath: process.env.DATABASE_PATH ?? "", workers: 1 });
}, 90_000);
afterAll(() => server?.stop());

describe("HTTP fuzzing", () => {
  it("has an address for every route module", async () => {
    const files = fs.readdirSync("app/routes").filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));
    const addresses = await table();
    expect(files.filter((f) => !(f in addresses)).sort()).toEqual([]);
  });

  it("answers every loader's odd query strings and path parameters without a 5xx, changing nothing when it refuses", async () => {
    const routes = Object.entries(await table());
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.constantFrom(...ROLES),
        queryString,
        fc.option(pathParameter, { freq: 4 }),
        async ([, path], role, query, parameter) => {
          const url = parameter
            ? path.replace(/\/(\d+|[a-z]+-[a-z-]+|not-a-real-token)(?=\/|$)/, `/${parameter}`)
            : path;
          const before = await writes();
          const { status, text } = await send(role, "GET", `${url}${query}`);
          expect(status, `${role} GET ${url}${query}: ${text.slice(0, 200)}`).toBeLessThan(500);
          if (status >= 400) expect(await writtenTables(before), `${role} GET ${url}${query} wrote`).toEqual([]);
          if (url === "/logout") await refreshCookie(role);
        },
      ),
      { numRuns: Math.round(450 * SCALE), endOnFailure: true },
    );
  }, 300_000);

  it("answers every action's malformed bodies without a 5xx, changing nothing when it refuses", async () => {
    const source = (file: string) => fs.readFileSync(`app/routes/${file}`, "utf8");
    const withActions = Object.entries(await table()).filter(([file]) =>
      /export (async )?function action/.test(source(file)),
    );
    expect(withActions.length).toBeGreaterThan(20);
    const bodies = Object.fromEntries(withActions.map(([file]) => [file, bodyFor(file)]));
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...withActions)
          .chain(([file, path]) => fc.tuple(fc.constant(path), bodies[file] ?? fc.constant({ body: "" }))),
        fc.constantFrom(...ROLES),
        async ([path, body], role) => {
          const before = await writes();
          const { status, text } = await send(role, "POST", path, body);
          const shown = `${role} POST ${path} (${"contentType" in body ? body.contentType : "no type"}, ${String(body.body).slice(0, 120)}): ${status} ${text.slice(0, 200)}`;
          expect(status, shown).toBeLessThan(500);
          if (status >= 400) expect(await writtenTables(before), shown).toEqual([]);
          if (path === "/logout" || path === "/me") await refreshCookie(role);
        },
      ),
      { numRuns: Math.round(600 * SCALE), endOnFailure: true },
    );
  }, 300_000);

  it("leaves the file whole and the seat rules intact", async () => {
    // integrity_check ok and foreign_key_check empty, as `npm run backup` checks its copies.
    // (PostgreSQL's storage is its server's, and it enforces every foreign key on each write.)
    if (SCHEMA_DIALECT === "sqlite") expect(checkDatabaseFile(process.env.DATABASE_PATH ?? "")).toEqual({ ok: true });
    expect(await findSeatViolations(getDb())).toEqual([]);
  });
});
