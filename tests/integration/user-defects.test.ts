/**
 * What a new user hit on the demo data (the "defects users hit" review), tried again on the real
 * production server. Needs `npm run build` first (npm test builds before it runs).
 */
import { Validator } from "@seriousme/openapi-schema-validator";
import { and, asc, count, desc, eq, gt, inArray, like, lt, lte, ne, or, type SQL } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb, transaction } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import {
  attendance,
  courses,
  institutions,
  mailOutbox,
  programs,
  registrations,
  trainingSessions,
  users,
} from "../../db/schema";
import { ApiSessionListSchema, ApiSessionSchema, ProblemSchema } from "~/validation/api-responses";
import { ACCOUNTS as EMAIL } from "../support/route-table";
import { cookiesFor, startServer, uploadAttendanceFile, type RunningServer } from "../support/race";

const db = () => getDb();

/** The id of the account with this e-mail address. */
async function userIdOf(email: string): Promise<number> {
  const [user] = await db().select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (!user) throw new Error(`No account ${email}`);
  return user.id;
}

/** A staff member's id and institution. */
async function staffOf(email: string): Promise<{ id: number; institutionId: number }> {
  const [staff] = await db()
    .select({ id: users.id, institutionId: users.institutionId })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  if (!staff?.institutionId) throw new Error(`No staff member ${email}`);
  return { id: staff.id, institutionId: staff.institutionId };
}

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ databasePath: process.env.DATABASE_PATH ?? "", workers: 1 });
}, 90_000);
afterAll(() => server?.stop());

const langOf = async (headers: Record<string, string>) => {
  const page = await (await fetch(`${server.url}/catalog`, { headers })).text();
  return /<html lang="([^"]+)"/.exec(page)?.[1];
};

describe("the page's language", () => {
  it("is the supported language the browser ranks highest by q-value, not the first one listed", async () => {
    expect(await langOf({ "Accept-Language": "fr-FR,ru;q=0.5" })).toBe("ru");
    expect(await langOf({ "Accept-Language": "de-DE,pt;q=0.7,zh-CN;q=0.9" })).toBe("zh-CN");
    expect(await langOf({ "Accept-Language": "pt-PT" })).toBe("pt-BR");
    expect(await langOf({ "Accept-Language": "fr-FR" })).toBe("en");
    // The switcher's choice comes first.
    expect(await langOf({ "Accept-Language": "ru", Cookie: `locale=${btoa('"pt-BR"')}` })).toBe("pt-BR");
  });

  it("is the profile's language from the moment its owner signs in", async () => {
    await transaction(db(), async (tx) => {
      await tx.update(users).set({ locale: "ru" }).where(eq(users.email, EMAIL.trainee));
    });
    const response = await fetch(`${server.url}/login`, {
      method: "POST",
      body: new URLSearchParams({ email: EMAIL.trainee, password: "demo-password" }),
      headers: { Origin: server.url, "Accept-Language": "en" },
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
    expect(cookies.some((cookie) => cookie?.startsWith("locale="))).toBe(true);
    // The next page, with only those cookies and an English browser, is in Russian.
    expect(await langOf({ Cookie: cookies.join("; "), "Accept-Language": "en" })).toBe("ru");
  });
});

describe("a session titled in one language only", () => {
  it("shows its course's title in the reader's language, and its own to those who read it", async () => {
    // The first published session whose course has a Russian title (read from the typed JSON column).
    const published = await db()
      .select({ id: trainingSessions.id, courseTitle: courses.title })
      .from(trainingSessions)
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .where(eq(trainingSessions.status, "published"))
      .orderBy(asc(trainingSessions.id));
    const session = published.find((row) => row.courseTitle.ru != null);
    if (!session) throw new Error("No published session of a course titled in Russian");
    await transaction(db(), async (tx) => {
      await tx
        .update(trainingSessions)
        .set({ title: { "zh-CN": "仅有中文标题的培训班" } })
        .where(eq(trainingSessions.id, session.id));
    });
    const course = session.courseTitle;
    const heading = async (language: string) => {
      const page = await (
        await fetch(`${server.url}/sessions/${session.id}`, { headers: { "Accept-Language": language } })
      ).text();
      return /<h1[^>]*>([^<]*)</.exec(page)?.[1];
    };
    expect(await heading("ru")).toBe(course.ru);
    expect(await heading("zh-CN")).toBe("仅有中文标题的培训班");
  });
});

describe("the public API", () => {
  const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}/api/v1${path}`, init);

  it("answers a wrong method with 405 and the methods there are, and OPTIONS as a CORS preflight", async () => {
    const posted = await api("/sessions", { method: "POST", headers: { Origin: server.url } });
    expect(posted.status).toBe(405);
    expect(posted.headers.get("Allow")).toBe("GET, HEAD, OPTIONS");
    expect(posted.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await posted.json()).toMatchObject({ type: "about:blank", title: "Method Not Allowed", status: 405 });
    const preflight = await api("/sessions", {
      method: "OPTIONS",
      headers: { Origin: "https://partner.example", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(preflight.headers.get("Access-Control-Allow-Methods")).toContain("GET");
    expect(await preflight.text()).toBe("");
  });

  it("answers an unknown path under /api/v1 with a JSON 404, not the site's page", async () => {
    const response = await api("/no-such-endpoint");
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 404, title: "Not Found" });
  });

  it("refuses a malformed filter with 400 naming the parameter, instead of answering the whole catalog", async () => {
    for (const [query, parameter] of [
      ["domain=NOPE", "domain"],
      ["mode=foo", "mode"],
      ["from=2026-13-45", "from"],
      ["from=2026-02-30", "from"],
      ["limit=0", "limit"],
      ["colour=blue", "colour"],
    ]) {
      const response = await api(`/sessions?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { errors: { parameter: string }[] };
      expect(
        body.errors.map((error) => error.parameter),
        query,
      ).toContain(parameter);
    }
  });

  it("varies on Accept-Language, answers a held copy with 304, and gives a partner's site what it shows", async () => {
    const first = await api("/sessions?limit=3", { headers: { "Accept-Language": "ru" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("Vary")).toContain("Accept-Language");
    const etag = first.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = (await first.json()) as { sessions: { id: number; url: string; summary: string; venue: unknown }[] };
    const [session] = body.sessions;
    expect(session?.url).toBe(`${server.url}/sessions/${session?.id}`);
    expect(typeof session?.summary).toBe("string");
    expect(session).toHaveProperty("venue");
    const again = await api("/sessions?limit=3", { headers: { "Accept-Language": "ru", "If-None-Match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // Another language is another body, with another tag.
    const english = await api("/sessions?limit=3", { headers: { "Accept-Language": "en", "If-None-Match": etag } });
    expect(english.status).toBe(200);
    expect(english.headers.get("ETag")).not.toBe(etag);
  });
});

describe("roster search", () => {
  it("finds a registrant by a capitalised Cyrillic name, and by any letters' case and accents", async () => {
    // A name that starts with a capital Cyrillic letter (А..Я, U+0410..U+042F): one case-sensitive
    // prefix match per letter, the same on both engines.
    const capitals = Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x0410 + i));
    const [place] = await db()
      .select({ sessionId: registrations.sessionId, name: users.name })
      .from(registrations)
      .innerJoin(users, eq(users.id, registrations.userId))
      .where(
        and(or(...capitals.map((letter) => like(users.name, `${letter}%`))), ne(registrations.status, "cancelled")),
      )
      .orderBy(asc(registrations.id))
      .limit(1);
    if (!place) throw new Error("No place of a trainee with a Cyrillic name");
    const organizerId = await userIdOf(EMAIL.organizer);
    const [cookie = ""] = await cookiesFor([organizerId]);
    const surname = place.name.split(" ").at(-1) ?? place.name;
    for (const q of [surname, surname.toUpperCase(), surname.toLowerCase(), surname.slice(1)]) {
      const page = await (
        await fetch(`${server.url}/manage/sessions/${place.sessionId}/roster?q=${encodeURIComponent(q)}`, {
          headers: { Cookie: cookie, "Accept-Language": "en" },
        })
      ).text();
      expect(page, q).toContain(place.name);
    }
  });
});

describe("the API's documentation", () => {
  type Json = Record<string, unknown>;
  /** Every property of a JSON Schema, as [path, schema], all the way down. */
  function* properties(schema: Json, path: string): Generator<[string, Json]> {
    for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      yield [`${path}.${name}`, child];
      yield* properties(child, `${path}.${name}`);
      if (child.items) yield* properties(child.items as Json, `${path}.${name}[]`);
    }
  }

  it("is an OpenAPI 3.1 document in which every field and parameter is typed and described", async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, { get: { parameters: { name: string; description?: string; schema: Json }[] } }>;
      components: { schemas: Record<string, Json> };
    };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths).sort()).toEqual(["/sessions", "/sessions/{id}", "/stats"]);
    for (const [name, schema] of Object.entries(document.components.schemas))
      for (const [path, property] of properties(schema, name)) {
        expect(property.type, path).toBeDefined();
        expect(property.description, path).toMatch(/\w/);
      }
    for (const [path, item] of Object.entries(document.paths))
      for (const parameter of item.get.parameters) {
        expect(parameter.description, `${path} ${parameter.name}`).toMatch(/\w/);
        expect(parameter.schema.type, `${path} ${parameter.name}`).toBeDefined();
      }
    const sessionParameters = document.paths["/sessions"]!.get.parameters.map((p) => p.name);
    expect(sessionParameters).toEqual(expect.arrayContaining(["q", "domain", "mode", "from", "to", "limit", "offset"]));
  });

  it("passes a maintained OpenAPI 3.1 validator", async () => {
    const document = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("describes exactly what the API answers: real answers hold to its schemas, field for field", async () => {
    const list = await (await fetch(`${server.url}/api/v1/sessions?limit=100&from=2020-01-01`)).json();
    const parsed = ApiSessionListSchema.parse(list);
    expect(parsed.sessions.length).toBeGreaterThan(0);
    const one = await (await fetch(`${server.url}/api/v1/sessions/${parsed.sessions[0]!.id}`)).json();
    expect(ApiSessionSchema.parse(one)).toEqual(parsed.sessions[0]);
    ProblemSchema.parse(await (await fetch(`${server.url}/api/v1/sessions?mode=foo`)).json());
  });
});

describe("the API's page for people", () => {
  it("explains the API in the reader's language, with calls to copy and a real answer from this catalog", async () => {
    const response = await fetch(`${server.url}/developers`, { headers: { "Accept-Language": "ru" } });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain("API для партнёров и разработчиков");
    expect(page).toContain('href="/api/v1/openapi.json"');
    expect(page).toContain(`curl &quot;${server.url}/api/v1/sessions?`);
    const first = (await (await fetch(`${server.url}/api/v1/sessions?limit=1&locale=ru`)).json()) as {
      sessions: { id: number }[];
    };
    expect(page).toContain(`&quot;id&quot;: ${first.sessions[0]?.id}`);
  });
});

describe("the institution console's sessions", () => {
  const consolePage = async (query: string, cookie: string) => {
    const response = await fetch(`${server.url}/manage?${query}`, {
      headers: { Cookie: cookie, "Accept-Language": "en" },
    });
    expect(response.status).toBe(200);
    return response.text();
  };
  const sessionLinks = (page: string) =>
    [...page.matchAll(/href="\/manage\/sessions\/(\d+)"/g)].map((m) => Number(m[1]));

  it("reaches every session of the institution, those that ended years ago too, by period, status and search", async () => {
    const staff = await staffOf(EMAIL.staffHuaqiao);
    const [cookie = ""] = await cookiesFor([staff.id]);
    /** How many of the institution's sessions also meet `where`. */
    const countOwn = async (where?: SQL) => {
      const [row] = await db()
        .select({ n: count() })
        .from(trainingSessions)
        .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
        .innerJoin(programs, eq(programs.id, courses.programId))
        .where(and(eq(programs.institutionId, staff.institutionId), where));
      return row?.n ?? 0;
    };
    const [old] = await db()
      .select({ id: trainingSessions.id, code: courses.code })
      .from(trainingSessions)
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .innerJoin(programs, eq(programs.id, courses.programId))
      .where(
        and(
          eq(programs.institutionId, staff.institutionId),
          lt(trainingSessions.endsAt, new Date(Date.now() - 365 * 86_400_000)),
        ),
      )
      .orderBy(asc(trainingSessions.startsAt))
      .limit(1);
    if (!old) throw new Error("The institution has no session that ended over a year ago");
    const ended = await countOwn(lte(trainingSessions.endsAt, new Date()));
    const all = await countOwn();

    expect(sessionLinks(await consolePage("", cookie))).not.toContain(old.id);
    const past = await consolePage("when=past", cookie);
    expect(past).toContain(`${ended} training session`);
    expect(await consolePage("when=all", cookie)).toContain(`${all} training session`);
    // Ended sessions latest first, fifty a page: the oldest is on the last page.
    const lastPage = Math.ceil(ended / 50);
    expect(sessionLinks(await consolePage(`when=past&page=${lastPage}`, cookie))).toContain(old.id);
    // Found by its course's code, in any case.
    const found = await consolePage(`when=all&q=${encodeURIComponent(old.code.toLowerCase())}`, cookie);
    expect(sessionLinks(found)).toContain(old.id);
    const cancelled = await countOwn(eq(trainingSessions.status, "cancelled"));
    expect(await consolePage("when=all&status=cancelled", cookie)).toContain(
      `${cancelled} training session${cancelled === 1 ? "" : "s"}`,
    );
    // Another institution's sessions never appear, whatever the search.
    const others = (
      await db()
        .select({ id: trainingSessions.id })
        .from(trainingSessions)
        .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
        .innerJoin(programs, eq(programs.id, courses.programId))
        .where(ne(programs.institutionId, staff.institutionId))
    ).map((row) => row.id);
    const everyPage = await consolePage("when=all&q=", cookie);
    expect(sessionLinks(everyPage).filter((id) => others.includes(id))).toEqual([]);
  });
});

describe("a session's enrollment deadline", () => {
  const sessionPage = async (id: number, language: string) =>
    (await fetch(`${server.url}/sessions/${id}`, { headers: { "Accept-Language": language } })).text();
  // React escapes text; the formatted date has no characters it would change but the narrow spaces.
  const shown = (page: string, text: string) => page.replace(/<!-- -->/g, "").includes(text);

  it("is shown, in the reader's language and the session's zone, while enrollment is open, and not once it has closed", async () => {
    const now = new Date();
    const [open] = await db()
      .select({
        id: trainingSessions.id,
        closesAt: trainingSessions.enrollmentClosesAt,
        timeZone: trainingSessions.timeZone,
      })
      .from(trainingSessions)
      .where(
        and(
          eq(trainingSessions.status, "published"),
          lte(trainingSessions.enrollmentOpensAt, now),
          gt(trainingSessions.enrollmentClosesAt, now),
        ),
      )
      .orderBy(asc(trainingSessions.id))
      .limit(1);
    if (!open) throw new Error("No published session open for enrollment");
    for (const [language, label] of [
      ["en", "Enrollment closes"],
      ["ru", "Запись до"],
    ] as const) {
      const page = await sessionPage(open.id, language);
      expect(page).toContain(`<dt>${label}</dt>`);
      expect(shown(page, formatDateTime(open.closesAt, language, open.timeZone))).toBe(true);
    }
    const [closed] = await db()
      .select({ id: trainingSessions.id })
      .from(trainingSessions)
      .where(and(eq(trainingSessions.status, "published"), lte(trainingSessions.enrollmentClosesAt, now)))
      .orderBy(asc(trainingSessions.id))
      .limit(1);
    if (!closed) throw new Error("No published session whose enrollment has closed");
    expect(await sessionPage(closed.id, "en")).not.toContain("Enrollment closes");
  });
});

describe("the outbox", () => {
  const outboxPage = async (query: string, cookie: string) => {
    const response = await fetch(`${server.url}/admin/outbox?${query}`, {
      headers: { Cookie: cookie, "Accept-Language": "en" },
    });
    expect(response.status).toBe(200);
    return response.text();
  };
  const subjects = (page: string) => [...page.matchAll(/<h2 id="mail-\d+">([^<]*)<\/h2>/g)].map((m) => m[1]);

  it("is read fifty messages a page, newest first, and searched by recipient or subject in any case, never by body", async () => {
    const organizer = await userIdOf(EMAIL.organizer);
    const [cookie = ""] = await cookiesFor([organizer]);
    const marker = `Outbox-${Date.now()}`;
    // In this order, one row after the other: №120 is the newest.
    await transaction(db(), async (tx) => {
      for (let n = 1; n <= 120; n++) {
        await tx.insert(mailOutbox).values({
          to: `Trainee${n}@Example.org`,
          subject: `${marker} Напоминание №${n}`,
          text: `secret-body-${marker}-${n}`,
          locale: "ru",
          createdAt: new Date(),
        });
      }
    });
    const [{ all } = { all: 0 }] = await db().select({ all: count() }).from(mailOutbox);
    const first = await outboxPage("", cookie);
    expect(first).toContain(`${all} messages`);
    expect(subjects(first)).toHaveLength(50);
    expect(subjects(first)[0]).toBe(`${marker} Напоминание №120`);

    // Only this test's messages, by a subject word in another case: three pages, the last holding twenty.
    const found = await outboxPage(`q=${encodeURIComponent(`${marker.toLowerCase()} НАПОМИНАНИЕ`)}`, cookie);
    expect(found).toContain("120 messages");
    const last = await outboxPage(`q=${encodeURIComponent(marker)}&page=3`, cookie);
    expect(subjects(last)).toEqual(Array.from({ length: 20 }, (_, i) => `${marker} Напоминание №${20 - i}`));
    // By recipient, in any case.
    expect(subjects(await outboxPage("q=TRAINEE117%40example", cookie))).toEqual([`${marker} Напоминание №117`]);
    // The body is not searched: it holds the keys the page masks.
    const byBody = await outboxPage(`q=${encodeURIComponent(`secret-body-${marker}`)}`, cookie);
    expect(byBody).toContain("0 messages");
    expect(byBody).toContain("No message matches.");
  });
});

describe("the personal data download", () => {
  it("names each place's training session, course, program and institution in the reader's language, with its days", async () => {
    const trainee = await userIdOf(EMAIL.trainee);
    const [cookie = ""] = await cookiesFor([trainee]);
    const response = await fetch(`${server.url}/me/data.json`, {
      headers: { Cookie: cookie, "Accept-Language": "ru" },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      registrations: {
        id: number;
        trainingSession: { id: number; title: string };
        course: { code: string; title: string };
        program: string;
        institution: string;
        attendance: { day: string; attended: boolean }[];
      }[];
    };
    const places = await db()
      .select({
        id: registrations.id,
        sessionId: trainingSessions.id,
        code: courses.code,
        courseTitle: courses.title,
        institution: institutions.name,
      })
      .from(registrations)
      .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .innerJoin(programs, eq(programs.id, courses.programId))
      .innerJoin(institutions, eq(institutions.id, programs.institutionId))
      .where(eq(registrations.userId, trainee))
      .orderBy(asc(trainingSessions.startsAt));
    // Attendance rows of each place, counted.
    const days =
      places.length === 0
        ? []
        : await db()
            .select({ registrationId: attendance.registrationId, n: count() })
            .from(attendance)
            .where(
              inArray(
                attendance.registrationId,
                places.map((place) => place.id),
              ),
            )
            .groupBy(attendance.registrationId);
    const daysOf = new Map(days.map((row) => [row.registrationId, row.n]));
    // The Russian texts, as the JSON columns hold them (null where there is none).
    const expected = places.map((place) => ({
      id: place.id,
      sessionId: place.sessionId,
      code: place.code,
      courseTitle: place.courseTitle.ru ?? null,
      institution: place.institution.ru ?? null,
      days: daysOf.get(place.id) ?? 0,
    }));
    expect(expected.length).toBeGreaterThan(0);
    expect(
      body.registrations.map((place) => ({
        id: place.id,
        sessionId: place.trainingSession.id,
        code: place.course.code,
        courseTitle: place.course.title,
        institution: place.institution,
        days: place.attendance.length,
      })),
    ).toEqual(expected);
    for (const place of body.registrations) {
      expect(place.trainingSession.title).toMatch(/\p{L}/u);
      expect(place.program).toMatch(/\p{L}/u);
    }
  });
});

describe("an attendance file's header row", () => {
  it("is the participants' header the reader found, and staff may choose another of the file's first rows", async () => {
    const staff = await staffOf(EMAIL.staffHuaqiao);
    const [cookie = ""] = await cookiesFor([staff.id]);
    const [started] = await db()
      .select({ id: trainingSessions.id })
      .from(trainingSessions)
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .innerJoin(programs, eq(programs.id, courses.programId))
      .where(
        and(
          eq(programs.institutionId, staff.institutionId),
          inArray(trainingSessions.status, ["published", "completed"]),
          lt(trainingSessions.startsAt, new Date()),
        ),
      )
      .orderBy(desc(trainingSessions.startsAt))
      .limit(1);
    if (!started) throw new Error("The institution has no session that has started");
    const sessionId = started.id;
    const zoom = [
      "Meeting ID,Topic,Start time,Host email",
      "812 3456 7890,Smart ports,2026-11-20 09:00,host@hqu.edu.cn",
      "",
      "Name (original name),Email,Duration (minutes)",
      "Ana Souza,ana@example.org,45",
      "李明,li@example.org,30",
    ].join("\r\n");
    const upload = await uploadAttendanceFile(server, { sessionId, cookie, fileName: "participants.csv", text: zoom });
    expect(upload.status).toBe(303);
    const preview = `${server.url}${upload.headers.get("location")}`;
    const page = async (query: string) =>
      (await fetch(`${preview}${query}`, { headers: { Cookie: cookie, "Accept-Language": "en" } })).text();
    const columnNames = (html: string, count: number) =>
      [...html.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]).slice(0, count);
    const selectedRow = (html: string) =>
      /<option value="(\d+)" selected="">/.exec(html.slice(html.indexOf('id="header-row"')))?.[1];

    const found = await page("");
    expect(selectedRow(found)).toBe("2");
    expect(columnNames(found, 3)).toEqual(["Name (original name)", "Email", "Duration (minutes)"]);
    expect(found).toContain("row 1: Meeting ID · Topic · Start time · Host email");

    // The summary's first row as the header: the rest of the file is read under it.
    const chosen = await page("?header=0");
    expect(selectedRow(chosen)).toBe("0");
    expect(columnNames(chosen, 4)).toEqual(["Meeting ID", "Topic", "Start time", "Host email"]);
    // A row the chooser does not offer is the one found.
    expect(selectedRow(await page("?header=99"))).toBe("2");
    expect(selectedRow(await page("?header=x"))).toBe("2");
  });
});

describe("catalog search in every language, on the page and in the API", () => {
  /** Spellings of one search a reader may type: each must find the same sessions. */
  const SPELLINGS = [
    ["Intelligent manufacturing", "intelligent MANUFACTURING", "INTELLIGENT manufacturing"],
    ["производство", "Производство", "ПРОИЗВОДСТВО"],
    ["умный город", "Умный город", "УМНЫЙ ГОРОД"],
    ["robótica", "Robótica", "ROBÓTICA", "robotica", "ROBOTICA"],
    ["gestão", "Gestão", "GESTÃO", "gestao"],
    // Chinese has neither case nor accents: its words are found as written, two characters too.
    ["厦门大学"],
    ["制造"],
  ];
  const apiTotal = async (q: string) =>
    (
      (await (await fetch(`${server.url}/api/v1/sessions?limit=1&q=${encodeURIComponent(q)}`)).json()) as {
        total: number;
      }
    ).total;
  const pageIds = async (q: string) => {
    const page = await (
      await fetch(`${server.url}/catalog?q=${encodeURIComponent(q)}`, { headers: { "Accept-Language": "en" } })
    ).text();
    return [...page.matchAll(/href="\/sessions\/(\d+)"/g)].map((m) => Number(m[1]));
  };

  it("finds the same sessions for every case and accent of a word, in English, Russian, Portuguese and Chinese", async () => {
    for (const forms of SPELLINGS) {
      const totals = await Promise.all(forms.map(apiTotal));
      expect(totals[0], forms[0]).toBeGreaterThan(0);
      expect(new Set(totals).size, `${forms.join(" / ")}: ${totals.join(" / ")}`).toBe(1);
      const pages = await Promise.all(forms.map(pageIds));
      for (const [index, ids] of pages.entries()) expect(ids, forms[index]).toEqual(pages[0]);
      expect(pages[0]!.length).toBeGreaterThan(0);
    }
  });
});
