/**
 * What the outside security review broke, tried again on the real production server: each case
 * is the review's own attack. Needs `npm run build` first (npm test builds before it runs).
 */
import { spawnSync } from "node:child_process";
import http from "node:http";
import { and, asc, count, desc, eq, gt, isNull, like, ne } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/models/api-tokens.server";
import { withCatalogJoins } from "~/models/catalog.server";
import { getDb, transaction } from "~/utils/db.server";
import { utcToZonedLocal } from "~/utils/time-zone";
import {
  attendance,
  auditEvents,
  countryGroupMemberships,
  countryGroups,
  courses,
  enrollmentNotices,
  institutions,
  invitations,
  mailOutbox,
  passwordResetTokens,
  programs,
  registrations,
  signupRequests,
  trainingSessions,
  users,
} from "../../db/schema";
import { ACCOUNTS as EMAIL } from "../support/route-table";
import { cookiesFor, startServer, uploadAttendanceFile, type RunningServer } from "../support/race";
import { createTestSession, createTrainees, fillSeats, findSeatViolations, waitInOrder } from "../support/enrollment";
import { SERVER_ARGS } from "../support/server-command";

// Rows are set up and read back with drizzle's builders on the test's own handle, so every case
// runs on SQLite and on PostgreSQL alike; writes go through `transaction`, as the app's do.
const databasePath = () => process.env.DATABASE_PATH ?? "";
const TRAINEE = EMAIL.trainee;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({
    databasePath: databasePath(),
    workers: 1,
    // Behind a proxy on this machine: X-Forwarded-For names the client, as with nginx.
    env: { TRUST_PROXY: "loopback", SIGNUP_IP_MAX_PER_HOUR: "3", RESET_ACCOUNT_MAX_PER_HOUR: "3" },
    captureOutput: true,
  });
}, 90_000);
afterAll(() => server?.stop());

/** A form post from a client at `ip`, as a browser on this site sends it. */
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Origin: server.url, "Accept-Language": "en", ...headers },
    redirect: "manual",
  });

/** A form post with a Host header of the client's choosing (fetch sends the real one). */
const postWithHost = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const { port } = new URL(server.url);
    const body = new URLSearchParams(fields).toString();
    const request = http.request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        // The attacker's own client (curl, a script): no Origin header, the Host it chooses.
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });

/** The user's id, or 0 (an id no user has) when there is none. */
const userIdOf = async (email: string) =>
  (await getDb().select({ id: users.id }).from(users).where(eq(users.email, email)))[0]?.id ?? 0;
const mailTo = async (email: string) =>
  (
    await getDb()
      .select({ text: mailOutbox.text })
      .from(mailOutbox)
      .where(eq(mailOutbox.to, email))
      .orderBy(asc(mailOutbox.id))
  ).map((mail) => mail.text);
const liveResetTokens = async (email: string) =>
  (
    await getDb()
      .select({ n: count() })
      .from(passwordResetTokens)
      .innerJoin(users, eq(users.id, passwordResetTokens.userId))
      .where(and(eq(users.email, email), isNull(passwordResetTokens.usedAt)))
  )[0]?.n ?? 0;

describe("links in mail", () => {
  it("come from APP_URL, whatever Host or X-Forwarded-Host the request names", async () => {
    const before = (await mailTo(TRAINEE)).length;
    const attacks: Record<string, string>[] = [{ Host: "evil.example" }, { "X-Forwarded-Host": "evil.example" }];
    for (const headers of attacks) {
      const status = await postWithHost("/forgot-password", { email: TRAINEE }, headers);
      expect(status).toBe(200);
    }
    const mails = (await mailTo(TRAINEE)).slice(before);
    expect(mails).toHaveLength(2);
    for (const text of mails) {
      expect(text).toContain(`${server.url}/reset-password/`);
      expect(text).not.toContain("evil.example");
    }
  });

  it("cannot be built without APP_URL: production refuses to start, naming it", () => {
    const started = spawnSync(process.execPath, SERVER_ARGS, {
      env: { ...process.env, NODE_ENV: "production", APP_URL: "", DATABASE_PATH: databasePath(), PORT: "1" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(started.status).not.toBe(0);
    expect(started.stderr).toMatch(/APP_URL: is required in production/);
  });

  it("refuses a setting that would fail open, naming it", () => {
    const started = spawnSync(process.execPath, SERVER_ARGS, {
      env: { ...process.env, LOGIN_LOCKOUT_BASE_SECONDS: "30s", DATABASE_PATH: databasePath(), PORT: "1" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(started.status).not.toBe(0);
    expect(started.stderr).toMatch(/LOGIN_LOCKOUT_BASE_SECONDS: must be a whole number/);
  });
});

describe("the outbox", () => {
  it("shows an organizer the reset mail but not its link, and the trail says who asked from where", async () => {
    await post("/forgot-password", { email: EMAIL.organizer }, { "X-Forwarded-For": "198.51.100.77" });
    const [cookie = ""] = await cookiesFor([await userIdOf(EMAIL.organizer)]);
    const page = await (await fetch(`${server.url}/admin/outbox`, { headers: { Cookie: cookie } })).text();
    const [link = ""] = (await mailTo(EMAIL.organizer)).at(-1)?.match(/\/reset-password\/\S+/) ?? [];
    expect(link.length).toBeGreaterThan(30);
    expect(page).toContain("/reset-password/[redacted]");
    expect(page).not.toContain(link);
    const [trail] = await getDb()
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(eq(auditEvents.action, "user.password_reset_requested"))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    // A json column: drizzle hands over the parsed object on either engine.
    expect(trail?.details).toEqual({ ip: "198.51.100.77" });
  });
});

describe("redirect targets", () => {
  const hostile = ["/\t/evil.example", "/\n/evil.example", "\t//evil.example", "/\\evil.example", "//evil.example"];

  it.each(hostile)("signing in with redirectTo %j stays on this site", async (redirectTo) => {
    const response = await post(
      "/login",
      { email: EMAIL.organizer, password: "demo-password", redirectTo },
      { "X-Forwarded-For": "198.51.100.20" },
    );
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location") ?? "", server.url);
    expect(location.origin).toBe(server.url);
  });

  it.each(["/catalog\r\nSet-Cookie: x=1", "/каталог", "/目录?q=金砖", "/\u2028x"])(
    "answers redirectTo %j with a redirect a header can carry, not a 500",
    async (redirectTo) => {
      for (const [path, fields] of [
        ["/language", { locale: "ru", redirectTo }],
        ["/login", { email: EMAIL.organizer, password: "demo-password", redirectTo }],
      ] as const) {
        const response = await post(path, fields, { "X-Forwarded-For": "198.51.100.21" });
        expect(response.status).toBe(302);
        const location = response.headers.get("location") ?? "";
        expect(location).toMatch(/^\/[\x21-\x7e]*$/);
        expect(response.headers.get("set-cookie") ?? "").not.toContain("x=1");
      }
    },
  );
});

describe("limits stored in the database", () => {
  it("stops scripted sign-ups from one address, and says so in the reader's language", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await post(
        "/signup",
        {
          email: `script-${i}@example.org`,
          password: "a-long-enough-passphrase-42",
          name: `Script ${i}`,
          country: "BR",
          consent: "on",
        },
        { "X-Forwarded-For": "203.0.113.50", "Accept-Language": "ru" },
      );
      statuses.push(response.status);
      if (response.status === 429) expect(await response.text()).toContain("Из вашей сети создано слишком много");
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const [waiting] = await getDb()
      .select({ n: count() })
      .from(signupRequests)
      .where(like(signupRequests.email, "script-%"));
    expect(waiting?.n).toBe(3);
  });

  it("mails an account at most three reset links an hour, and only the last one works", async () => {
    const email = EMAIL.staffHuaqiao;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await post("/forgot-password", { email }, { "X-Forwarded-For": `203.0.113.${60 + i}` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(await mailTo(email)).toHaveLength(3);
    expect(await liveResetTokens(email)).toBe(1);
  });

  it("lets the owner in from elsewhere while someone who knows the address fails again and again", async () => {
    const email = EMAIL.staffXiamen;
    for (let i = 0; i < 8; i++)
      await post("/login", { email, password: "wrong-password" }, { "X-Forwarded-For": "192.0.2.66" });
    const attacker = await post("/login", { email, password: "demo-password" }, { "X-Forwarded-For": "192.0.2.66" });
    expect(attacker.status).toBe(429);
    const owner = await post("/login", { email, password: "demo-password" }, { "X-Forwarded-For": "203.0.113.99" });
    expect(owner.status).toBe(302);
  });
});

describe("someone else's place", () => {
  const confirmedPlaceAt = async (slug: string) => {
    // The catalog's own joins from a session to its course, program, institution and domain.
    const [place] = await withCatalogJoins(
      getDb()
        .select({ id: registrations.id, sessionId: registrations.sessionId })
        .from(registrations)
        .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
        .$dynamic(),
    )
      .where(
        and(
          eq(institutions.slug, slug),
          eq(registrations.status, "confirmed"),
          gt(trainingSessions.startsAt, new Date()),
        ),
      )
      .orderBy(asc(registrations.id))
      .limit(1);
    if (!place) throw new Error(`No confirmed place in an upcoming session of ${slug}`);
    return place;
  };
  const statusOf = async (id: number) =>
    (await getDb().select({ status: registrations.status }).from(registrations).where(eq(registrations.id, id)))[0]
      ?.status;
  const noticesOf = async (id: number) =>
    (await getDb().select({ n: count() }).from(enrollmentNotices).where(eq(enrollmentNotices.registrationId, id)))[0]
      ?.n;
  const cookieOf = async (email: string) => (await cookiesFor([await userIdOf(email)]))[0] ?? "";

  it("is not removed through another session's roster: 404, and nothing changed or mailed", async () => {
    const place = await confirmedPlaceAt("huaqiao-university");
    const [other] = await getDb()
      .select({ id: trainingSessions.id })
      .from(trainingSessions)
      .where(ne(trainingSessions.id, place.sessionId))
      .orderBy(asc(trainingSessions.id))
      .limit(1);
    const before = await noticesOf(place.id);
    const cookie = await cookieOf(EMAIL.organizer);
    const attempts: Record<string, string>[] = [
      { intent: "remove", registrationId: String(place.id), reason: "Duplicate" },
      { intent: "promote", registrationId: String(place.id) },
    ];
    for (const fields of attempts) {
      const response = await post(`/manage/sessions/${other?.id ?? 0}/roster`, fields, { Cookie: cookie });
      expect(response.status).toBe(404);
    }
    expect(await statusOf(place.id)).toBe("confirmed");
    expect(await noticesOf(place.id)).toBe(before);
  });

  it("is not cancelled by staff from their own places page, without a reason", async () => {
    const place = await confirmedPlaceAt("huaqiao-university");
    const cookie = await cookieOf(EMAIL.staffHuaqiao);
    const response = await post(
      "/me/enrollments",
      { intent: "cancel", registrationId: String(place.id) },
      { Cookie: cookie },
    );
    expect(response.status).toBe(404);
    expect(await statusOf(place.id)).toBe("confirmed");
  });
});

describe("a session as large as a big meeting", () => {
  // 1,300 registrants: 600 confirmed, 700 waiting in order. The review's 45,000 made the roster
  // answer 500 after 16 s and the import hold the write lock for 16.6 s; this is enough rows for
  // three roster pages and three import batches.
  let sessionId = 0;
  let cookie = "";
  const emails: string[] = [];
  beforeAll(async () => {
    const db = getDb();
    sessionId = await createTestSession(db, {
      institutionSlug: "huaqiao-university",
      capacity: 600,
      startsInDays: -2 / 24,
      lastsHours: 4,
      mode: "online",
      title: "Large meeting",
    });
    const ids = await createTrainees(db, { count: 1_300, prefix: "large-meeting" });
    await fillSeats(db, sessionId, ids.slice(0, 600));
    await waitInOrder(db, sessionId, ids.slice(600));
    emails.push(...ids.map((_, i) => `large-meeting-${i + 1}@test.example.org`));
    cookie = (await cookiesFor([await userIdOf(EMAIL.staffHuaqiao)]))[0] ?? "";
  });
  const roster = async (query = "") => {
    const response = await fetch(`${server.url}/manage/sessions/${sessionId}/roster${query}`, {
      headers: { Cookie: cookie, "Accept-Language": "en" },
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    const positions = [...page.matchAll(/On the waitlist, position (?:<!-- -->)?(\d+)/g)].map((m) => Number(m[1]));
    return { page, rows: (page.match(/<tr><th scope="row">/g) ?? []).length, positions };
  };

  it("shows its roster 500 at a time, with every count and waitlist position true to the whole session", async () => {
    const first = await roster();
    expect(first.rows).toBe(500);
    expect(first.page).toContain("600 of 600 seats confirmed, 700 on the waitlist.");
    expect(first.page).toContain("Page 1 of 3");
    expect(first.positions).toEqual([]);
    const second = await roster("?page=2");
    expect(second.rows).toBe(500);
    expect(second.positions).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    const third = await roster("?page=3");
    expect(third.rows).toBe(300);
    expect(third.positions).toEqual(Array.from({ length: 300 }, (_, i) => i + 401));
    // A search finds one waiting person at their place in the whole queue, not in the results.
    const one = await roster(`?q=${encodeURIComponent(emails[1_299] ?? "")}`);
    expect(one.rows).toBe(1);
    expect(one.positions).toEqual([700]);
    // A hand-edited page number is the first page, not an error.
    expect((await roster("?page=-4")).rows).toBe(500);
  });

  it("answers a spreadsheet damaged by one byte with a message, at once (the reader once waited forever)", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook
      .addWorksheet("Participants")
      .addRows([["Name", "Email", "Duration"], ...emails.slice(0, 50).map((e) => ["x", e, 45])]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    // The fourth byte of the sheet's packed data (after its local header: 30 bytes and the name):
    // on the old reader, this one byte made the upload wait forever.
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    const header = bytes.indexOf(name) - 30;
    const target = header + 30 + name.length + bytes.readUInt16LE(header + 28) + 3;
    bytes.writeUInt8((bytes.readUInt8(target) ^ 0xff) & 0xff, target);
    const form = new FormData();
    form.append("file", new Blob([bytes]), "damaged.xlsx");
    const response = await fetch(`${server.url}/manage/sessions/${sessionId}/attendance-import`, {
      method: "POST",
      body: form,
      headers: { Cookie: cookie, Origin: server.url, "Accept-Language": "en" },
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("This file could not be read as CSV or XLSX.");
  });

  it("takes an attendance file listing all of them: the 600 confirmed present, the 700 waiting unmatched", async () => {
    const [session] = await getDb()
      .select({ startsAt: trainingSessions.startsAt })
      .from(trainingSessions)
      .where(eq(trainingSessions.id, sessionId));
    if (!session) throw new Error(`Session ${sessionId} went missing`);
    // Joined as the session started (its hours are what an import counts), in its zone.
    const joined = utcToZonedLocal(session.startsAt, "Asia/Shanghai").replace("T", " ");
    const csv = ["Name,Email,Join time,Duration", ...emails.map((email) => `x,${email},${joined},45`)].join("\n");
    const uploaded = await uploadAttendanceFile(server, {
      sessionId,
      cookie,
      fileName: "large-meeting.csv",
      text: csv,
    });
    expect(uploaded.status).toBe(303);
    const preview = uploaded.headers.get("Location") ?? "";
    const applied = await post(
      preview,
      { mapped: "1", email: "1", day: "2", minutes: "3", minMinutes: "30" },
      { Cookie: cookie },
    );
    expect(applied.status).toBe(303);
    const [present] = await getDb()
      .select({ n: count() })
      .from(attendance)
      .innerJoin(registrations, eq(registrations.id, attendance.registrationId))
      .where(and(eq(registrations.sessionId, sessionId), eq(attendance.attended, true)));
    expect(present?.n).toBe(600);
    const result = await (
      await fetch(`${server.url}${applied.headers.get("Location")}`, {
        headers: { Cookie: cookie, "Accept-Language": "en" },
      })
    ).text();
    expect(result).toMatch(
      /Imported: 600 present, 0 absent, 0 places added, 0 trainee records created, 700 not matched/,
    );
    expect(await findSeatViolations(getDb(), [sessionId])).toEqual([]);
  });
});

describe("headers", () => {
  it("keeps pages and their data out of every cache", async () => {
    for (const path of ["/", "/catalog", "/login", "/no/such/page", "/catalog.data"]) {
      const response = await fetch(`${server.url}${path}`);
      await response.arrayBuffer();
      expect(response.headers.get("cache-control"), path).toBe("no-store");
    }
  });

  it("does not log an expected 403 or 404 as an error", async () => {
    const [cookie = ""] = await cookiesFor([await userIdOf(TRAINEE)]);
    for (const [path, status] of [
      ["/admin/outbox", 403],
      ["/manage/sessions/1/roster", 403],
      ["/no/such/page", 404],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { Cookie: cookie, "X-Request-Id": `expected-${status}` },
      });
      await response.arrayBuffer();
      expect(response.status).toBe(status);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = server
      .output()
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; reqId?: string });
    expect(lines.filter((line) => line.reqId?.startsWith("expected-"))).toHaveLength(3);
    // pino: 50 is "error"; nothing at that level or above came from these requests.
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });

  it("asks for HTTPS from then on over HTTPS only", async () => {
    const secure = await fetch(`${server.url}/`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    const plain = await fetch(`${server.url}/`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("calendar text", () => {
  it("escapes a lone carriage return in a venue, so no calendar reader sees a line end there", async () => {
    const [place] = await getDb()
      .select({ id: registrations.id, sessionId: registrations.sessionId, userId: registrations.userId })
      .from(registrations)
      .where(eq(registrations.status, "confirmed"))
      .orderBy(asc(registrations.id))
      .limit(1);
    if (!place) throw new Error("No confirmed place in the seeded data");
    const venue = "Hall A\rROOM:2\u0007";
    await transaction(getDb(), (tx) =>
      tx
        .update(trainingSessions)
        .set({ venue: { en: venue, "zh-CN": venue, ru: venue, "pt-BR": venue } })
        .where(eq(trainingSessions.id, place.sessionId)),
    );
    const [cookie = ""] = await cookiesFor([place.userId]);
    const response = await fetch(`${server.url}/me/enrollments/${place.id}/calendar.ics`, {
      headers: { Cookie: cookie },
    });
    expect(response.status).toBe(200);
    const ics = await response.text();
    expect(ics).not.toMatch(/\r(?!\n)/);
    expect(ics.replace(/\r\n /g, "")).toContain("LOCATION:Hall A\\nROOM:2\r\n");
  });
});

describe("impossible dates", () => {
  it.each(["2027-02-30", "0099-01-01", "2026-02-29"])(
    "refuses membership since %s with a field error, and saves nothing",
    async (since) => {
      const [cookie = ""] = await cookiesFor([await userIdOf(EMAIL.organizer)]);
      const [group] = await getDb()
        .select({ slug: countryGroups.slug })
        .from(countryGroups)
        .orderBy(asc(countryGroups.id))
        .limit(1);
      const memberships = async () => (await getDb().select({ n: count() }).from(countryGroupMemberships))[0]?.n;
      const before = await memberships();
      const response = await post(
        "/admin/country-groups",
        { group: group?.slug ?? "", country: "KZ", since },
        { Cookie: cookie },
      );
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("There is no such day");
      expect(await memberships()).toBe(before);
    },
  );
});

describe("accounts an attendance import made", () => {
  it("are claimed under the sign-up rules: the privacy notice is agreed to before the first password", async () => {
    const email = "imported.trainee@example.org";
    await transaction(getDb(), (tx) =>
      tx.insert(users).values({ email, name: "Imported Trainee", role: "trainee", countryCode: "ZA" }),
    );
    expect((await post("/forgot-password", { email }, { "X-Forwarded-For": "203.0.113.120" })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [path = ""] = (await mailTo(email)).at(-1)?.match(/\/reset-password\/\S+/) ?? [];
    const page = await (await fetch(`${server.url}${path}`)).text();
    expect(page).toContain('name="consent"');
    const withoutConsent = await post(path, { password: "a-long-enough-passphrase-42" });
    expect(withoutConsent.status).toBe(400);
    expect(await withoutConsent.text()).toContain("You need to accept the privacy notice");
    const consentAt = async () => {
      const [account] = await getDb().select({ consentAt: users.consentAt }).from(users).where(eq(users.email, email));
      if (!account) throw new Error(`No account for ${email}`);
      return account.consentAt;
    };
    expect(await consentAt()).toBeNull();
    const withConsent = await post(path, { password: "a-long-enough-passphrase-42", consent: "on" });
    expect(withConsent.status).toBe(302);
    expect(await consentAt()).not.toBeNull();
  });
});

describe("access that ends with its reason", () => {
  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { headers, redirect: "manual" }).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    });

  it("ends a suspended institution's staff access to the console on their next request, and invites no one into it", async () => {
    const [staff = "", organizer = ""] = await cookiesFor([
      await userIdOf(EMAIL.staffHuaqiao),
      await userIdOf(EMAIL.organizer),
    ]);
    const huaqiao = eq(institutions.slug, "huaqiao-university");
    const [session] = await getDb()
      .select({ id: trainingSessions.id })
      .from(trainingSessions)
      .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
      .innerJoin(programs, eq(programs.id, courses.programId))
      .innerJoin(institutions, eq(institutions.id, programs.institutionId))
      .where(huaqiao)
      .orderBy(asc(trainingSessions.id))
      .limit(1);
    const sessionId = session?.id ?? 0;
    const setStatus = (status: "active" | "suspended") =>
      transaction(getDb(), (tx) => tx.update(institutions).set({ status }).where(huaqiao));
    expect(await get(`/manage/sessions/${sessionId}/roster.csv`, { Cookie: staff })).toBe(200);
    await setStatus("suspended");
    try {
      expect(await get(`/manage/sessions/${sessionId}/roster.csv`, { Cookie: staff })).toBe(403);
      expect(await get("/manage", { Cookie: staff })).toBe(403);
      const created = await post("/manage/sessions/new", { courseId: "1" }, { Cookie: staff });
      expect(created.status).toBe(403);
      const invited = await post(
        "/admin/invitations",
        { email: "new.staff@hqu.example.cn", role: "staff", institution: "huaqiao-university", locale: "zh-CN" },
        { Cookie: organizer },
      );
      expect(invited.status).toBe(400);
      const [pending] = await getDb()
        .select({ n: count() })
        .from(invitations)
        .where(eq(invitations.email, "new.staff@hqu.example.cn"));
      expect(pending?.n).toBe(0);
    } finally {
      await setStatus("active");
    }
  });

  it("stops an API token the moment its organizer's account is deleted", async () => {
    const [leaving] = await transaction(getDb(), (tx) =>
      tx
        .insert(users)
        .values({ email: "leaving@example.org", name: "Leaving", role: "organizer", countryCode: "CN" })
        .returning({ id: users.id }),
    );
    const id = leaving?.id ?? 0;
    const { token } = await createApiToken(getDb(), {
      actor: { id, role: "organizer", institutionId: null },
      name: "partner site",
    });
    const auth = { Authorization: `Bearer ${token}` };
    expect(await get("/api/v1/stats?groupBy=country", auth)).toBe(200);
    await transaction(getDb(), (tx) => tx.update(users).set({ deletedAt: new Date() }).where(eq(users.id, id)));
    expect(await get("/api/v1/stats?groupBy=country", auth)).toBe(401);
  });

  it("lets an organizer revoke an invitation, after which its link is dead", async () => {
    const [organizer = ""] = await cookiesFor([await userIdOf(EMAIL.organizer)]);
    const email = "to.be.revoked@example.org";
    const invited = await post("/admin/invitations", { email, role: "organizer", locale: "en" }, { Cookie: organizer });
    expect(invited.status).toBe(200);
    const [link = ""] = (await mailTo(email)).at(-1)?.match(/\/invitations\/\S+/) ?? [];
    expect(await get(link, {})).toBe(200);
    const [invitation] = await getDb()
      .select({ id: invitations.id })
      .from(invitations)
      .where(eq(invitations.email, email));
    const revoked = await post(
      "/admin/invitations",
      { intent: "revoke", invitationId: String(invitation?.id ?? 0) },
      { Cookie: organizer },
    );
    expect(revoked.status).toBe(303);
    expect(await get(link, {})).toBe(410);
  });
});

describe("which accounts exist", () => {
  const signUp = async (email: string, ip: string) => {
    const response = await post(
      "/signup?redirectTo=%2Fcatalog",
      { email, password: "a-long-enough-passphrase-42", name: "Ana Souza", country: "BR", consent: "on" },
      { "X-Forwarded-For": ip },
    );
    const text = await response.text();
    return {
      status: response.status,
      cookie: response.headers.get("Set-Cookie"),
      text: text.replaceAll(email, "<address>").replace(/nonce="[^"]+"/g, ""),
    };
  };

  it("are not told by the sign-up form: the same answer for a taken address and a new one, and the owner is mailed", async () => {
    const taken = await signUp(TRAINEE, "203.0.113.140");
    const fresh = await signUp("ana.souza@example.org", "203.0.113.141");
    expect(taken.status).toBe(200);
    expect(fresh.status).toBe(200);
    expect(taken.text).toBe(fresh.text);
    expect(taken.text).toContain("Check your inbox");
    expect(taken.cookie ?? "").not.toMatch(/__session|session=/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // In the owner's language (this one reads Chinese): how to sign in or reset, and no link that makes an account.
    const note = (await mailTo(TRAINEE)).at(-1) ?? "";
    expect(note).toMatch(/该地址已有账户[\s\S]*\/login[\s\S]*\/forgot-password/);
    expect(note).not.toContain("/signup/confirm/");
    const [path = ""] = (await mailTo("ana.souza@example.org")).at(-1)?.match(/\/signup\/confirm\/\S+/) ?? [];
    expect(path).not.toBe("");
    const accounts = async () =>
      (await getDb().select({ n: count() }).from(users).where(eq(users.email, "ana.souza@example.org")))[0]?.n;
    expect(await accounts()).toBe(0);

    // Following the link shows a button (a mail scanner's visit makes nothing); pressing it makes the account.
    const page = await fetch(`${server.url}${path}`, { headers: { "Accept-Language": "en" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Create my account and sign in");
    expect(await accounts()).toBe(0);
    const confirmed = await post(path, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe("/catalog");
    expect(confirmed.headers.get("Set-Cookie")).toBeTruthy();
    const [account] = await getDb()
      .select({ name: users.name, country: users.countryCode, consentAt: users.consentAt })
      .from(users)
      .where(eq(users.email, "ana.souza@example.org"));
    expect(account).toMatchObject({ name: "Ana Souza", country: "BR" });
    expect(account?.consentAt).not.toBeNull();
    // The link works once.
    const again = await post(path, {});
    expect(again.status).toBe(410);
    expect(await again.text()).toContain("This link is not valid any more");
  });

  let downMail: RunningServer;
  beforeAll(async () => {
    // An SMTP server that is down: nothing listens on port 9 (discard) here.
    downMail = await startServer({
      databasePath: databasePath(),
      workers: 1,
      env: { SMTP_URL: "smtp://127.0.0.1:9", MAIL_FROM: "Training <training@brics.example>" },
    });
  }, 90_000);
  afterAll(() => downMail?.stop());

  it("answers forgot-password the same for a real account and an unknown one while SMTP is down", async () => {
    const answer = async (email: string) => {
      const response = await fetch(`${downMail.url}/forgot-password`, {
        method: "POST",
        body: new URLSearchParams({ email }),
        headers: { Origin: downMail.url, "Accept-Language": "en" },
      });
      const text = await response.text();
      return { status: response.status, text: text.replaceAll(email, "<address>").replace(/nonce="[^"]+"/g, "") };
    };
    const real = await answer(EMAIL.organizer);
    const unknown = await answer("nobody-here@example.org");
    expect(real.status).toBe(200);
    expect(unknown.status).toBe(200);
    expect(real.text).toBe(unknown.text);
  });
});
