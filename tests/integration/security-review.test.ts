/**
 * What the outside security review broke, tried again on the real production server: each case
 * is the review's own attack. Needs `npm run build` first (npm test builds before it runs).
 */
import { spawnSync } from "node:child_process";
import http from "node:http";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/models/api-tokens.server";
import { getDb } from "~/utils/db.server";
import { utcToZonedLocal } from "~/utils/time-zone";
import { ACCOUNTS as EMAIL } from "../support/route-table";
import { testSqlite } from "../support/database";
import { cookiesFor, startServer, uploadAttendanceFile, type RunningServer } from "../support/race";
import { createTestSession, createTrainees, fillSeats, findSeatViolations, waitInOrder } from "../support/enrollment";

const databasePath = () => process.env.DATABASE_PATH ?? "";
const sqlite = testSqlite;
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

const mailTo = (email: string) =>
  sqlite().prepare('select text from mail_outbox where "to" = ? order by id').pluck().all(email) as string[];
const liveResetTokens = (email: string) =>
  sqlite()
    .prepare(
      "select count(*) from password_reset_tokens t join users u on u.id = t.user_id where u.email = ? and t.used_at is null",
    )
    .pluck()
    .get(email) as number;

describe("links in mail", () => {
  it("come from APP_URL, whatever Host or X-Forwarded-Host the request names", async () => {
    const before = mailTo(TRAINEE).length;
    const attacks: Record<string, string>[] = [{ Host: "evil.example" }, { "X-Forwarded-Host": "evil.example" }];
    for (const headers of attacks) {
      const status = await postWithHost("/forgot-password", { email: TRAINEE }, headers);
      expect(status).toBe(200);
    }
    const mails = mailTo(TRAINEE).slice(before);
    expect(mails).toHaveLength(2);
    for (const text of mails) {
      expect(text).toContain(`${server.url}/reset-password/`);
      expect(text).not.toContain("evil.example");
    }
  });

  it("cannot be built without APP_URL: production refuses to start, naming it", () => {
    const started = spawnSync(process.execPath, ["build/server.js"], {
      env: { ...process.env, NODE_ENV: "production", APP_URL: "", DATABASE_PATH: databasePath(), PORT: "1" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(started.status).not.toBe(0);
    expect(started.stderr).toMatch(/APP_URL: is required in production/);
  });

  it("refuses a setting that would fail open, naming it", () => {
    const started = spawnSync(process.execPath, ["build/server.js"], {
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
    const organizerId = sqlite().prepare("select id from users where email = ?").pluck().get(EMAIL.organizer) as number;
    const [cookie = ""] = await cookiesFor([organizerId]);
    const page = await (await fetch(`${server.url}/admin/outbox`, { headers: { Cookie: cookie } })).text();
    const [link = ""] =
      mailTo(EMAIL.organizer)
        .at(-1)
        ?.match(/\/reset-password\/\S+/) ?? [];
    expect(link.length).toBeGreaterThan(30);
    expect(page).toContain("/reset-password/[redacted]");
    expect(page).not.toContain(link);
    const trail = sqlite()
      .prepare(
        "select details from audit_events where action = 'user.password_reset_requested' order by id desc limit 1",
      )
      .pluck()
      .get() as string;
    expect(JSON.parse(trail)).toEqual({ ip: "198.51.100.77" });
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
    const waiting = sqlite().prepare("select count(*) from signup_requests where email like 'script-%'").pluck().get();
    expect(waiting).toBe(3);
  });

  it("mails an account at most three reset links an hour, and only the last one works", async () => {
    const email = EMAIL.staffHuaqiao;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await post("/forgot-password", { email }, { "X-Forwarded-For": `203.0.113.${60 + i}` });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    expect(mailTo(email)).toHaveLength(3);
    expect(liveResetTokens(email)).toBe(1);
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
  const confirmedPlaceAt = (slug: string) =>
    sqlite()
      .prepare(
        `select r.id, r.session_id as sessionId from registrations r
         join training_sessions s on s.id = r.session_id join courses c on c.id = s.course_id
         join programs p on p.id = c.program_id join institutions i on i.id = p.institution_id
         where i.slug = ? and r.status = 'confirmed' and s.starts_at > ? order by r.id limit 1`,
      )
      .get(slug, Date.now()) as { id: number; sessionId: number };
  const statusOf = (id: number) => sqlite().prepare("select status from registrations where id = ?").pluck().get(id);
  const noticesOf = (id: number) =>
    sqlite().prepare("select count(*) from enrollment_notices where registration_id = ?").pluck().get(id);
  const cookieOf = async (email: string) => {
    const id = sqlite().prepare("select id from users where email = ?").pluck().get(email) as number;
    return (await cookiesFor([id]))[0] ?? "";
  };

  it("is not removed through another session's roster: 404, and nothing changed or mailed", async () => {
    const place = confirmedPlaceAt("huaqiao-university");
    const other = sqlite()
      .prepare("select id from training_sessions where id != ? order by id limit 1")
      .pluck()
      .get(place.sessionId) as number;
    const before = noticesOf(place.id);
    const cookie = await cookieOf(EMAIL.organizer);
    const attempts: Record<string, string>[] = [
      { intent: "remove", registrationId: String(place.id), reason: "Duplicate" },
      { intent: "promote", registrationId: String(place.id) },
    ];
    for (const fields of attempts) {
      const response = await post(`/manage/sessions/${other}/roster`, fields, { Cookie: cookie });
      expect(response.status).toBe(404);
    }
    expect(statusOf(place.id)).toBe("confirmed");
    expect(noticesOf(place.id)).toBe(before);
  });

  it("is not cancelled by staff from their own places page, without a reason", async () => {
    const place = confirmedPlaceAt("huaqiao-university");
    const cookie = await cookieOf(EMAIL.staffHuaqiao);
    const response = await post(
      "/me/enrollments",
      { intent: "cancel", registrationId: String(place.id) },
      { Cookie: cookie },
    );
    expect(response.status).toBe(404);
    expect(statusOf(place.id)).toBe("confirmed");
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
    const staffId = sqlite().prepare("select id from users where email = ?").pluck().get(EMAIL.staffHuaqiao) as number;
    cookie = (await cookiesFor([staffId]))[0] ?? "";
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
    const day = sqlite()
      .prepare("select starts_at from training_sessions where id = ?")
      .pluck()
      .get(sessionId) as number;
    // Joined as the session started (its hours are what an import counts), in its zone.
    const joined = utcToZonedLocal(new Date(day), "Asia/Shanghai").replace("T", " ");
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
    const present = sqlite()
      .prepare(
        "select count(*) from attendance a join registrations r on r.id = a.registration_id where r.session_id = ? and a.attended = 1",
      )
      .pluck()
      .get(sessionId);
    expect(present).toBe(600);
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
    const trainee = sqlite().prepare("select id from users where email = ?").pluck().get(TRAINEE) as number;
    const [cookie = ""] = await cookiesFor([trainee]);
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
    const place = sqlite()
      .prepare(
        `select r.id, r.session_id as sessionId, r.user_id as userId from registrations r
         where r.status = 'confirmed' order by r.id limit 1`,
      )
      .get() as { id: number; sessionId: number; userId: number };
    const venue = "Hall A\rROOM:2\u0007";
    sqlite()
      .prepare("update training_sessions set venue = ? where id = ?")
      .run(JSON.stringify({ en: venue, "zh-CN": venue, ru: venue, "pt-BR": venue }), place.sessionId);
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
      const organizer = sqlite().prepare("select id from users where email = ?").pluck().get(EMAIL.organizer) as number;
      const [cookie = ""] = await cookiesFor([organizer]);
      const group = sqlite().prepare("select slug from country_groups order by id limit 1").pluck().get() as string;
      const count = () => sqlite().prepare("select count(*) from country_group_memberships").pluck().get();
      const before = count();
      const response = await post("/admin/country-groups", { group, country: "KZ", since }, { Cookie: cookie });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("There is no such day");
      expect(count()).toBe(before);
    },
  );
});

describe("accounts an attendance import made", () => {
  it("are claimed under the sign-up rules: the privacy notice is agreed to before the first password", async () => {
    const email = "imported.trainee@example.org";
    sqlite()
      .prepare("insert into users (email, name, role, country_code) values (?, 'Imported Trainee', 'trainee', 'ZA')")
      .run(email);
    expect((await post("/forgot-password", { email }, { "X-Forwarded-For": "203.0.113.120" })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [path = ""] =
      mailTo(email)
        .at(-1)
        ?.match(/\/reset-password\/\S+/) ?? [];
    const page = await (await fetch(`${server.url}${path}`)).text();
    expect(page).toContain('name="consent"');
    const withoutConsent = await post(path, { password: "a-long-enough-passphrase-42" });
    expect(withoutConsent.status).toBe(400);
    expect(await withoutConsent.text()).toContain("You need to accept the privacy notice");
    const consentAt = () => sqlite().prepare("select consent_at from users where email = ?").pluck().get(email);
    expect(consentAt()).toBeNull();
    const withConsent = await post(path, { password: "a-long-enough-passphrase-42", consent: "on" });
    expect(withConsent.status).toBe(302);
    expect(consentAt()).not.toBeNull();
  });
});

describe("access that ends with its reason", () => {
  const idOf = (email: string) => sqlite().prepare("select id from users where email = ?").pluck().get(email) as number;
  const get = (path: string, headers: Record<string, string>) =>
    fetch(`${server.url}${path}`, { headers, redirect: "manual" }).then(async (response) => {
      await response.arrayBuffer();
      return response.status;
    });

  it("ends a suspended institution's staff access to the console on their next request, and invites no one into it", async () => {
    const [staff = "", organizer = ""] = await cookiesFor([idOf(EMAIL.staffHuaqiao), idOf(EMAIL.organizer)]);
    const sessionId = sqlite()
      .prepare(
        `select s.id from training_sessions s join courses c on c.id = s.course_id join programs p on p.id = c.program_id
         join institutions i on i.id = p.institution_id where i.slug = 'huaqiao-university' order by s.id limit 1`,
      )
      .pluck()
      .get() as number;
    expect(await get(`/manage/sessions/${sessionId}/roster.csv`, { Cookie: staff })).toBe(200);
    sqlite().prepare("update institutions set status = 'suspended' where slug = 'huaqiao-university'").run();
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
      expect(
        sqlite().prepare("select count(*) from invitations where email = 'new.staff@hqu.example.cn'").pluck().get(),
      ).toBe(0);
    } finally {
      sqlite().prepare("update institutions set status = 'active' where slug = 'huaqiao-university'").run();
    }
  });

  it("stops an API token the moment its organizer's account is deleted", async () => {
    const id = sqlite()
      .prepare(
        "insert into users (email, name, role, country_code) values ('leaving@example.org', 'Leaving', 'organizer', 'CN') returning id",
      )
      .pluck()
      .get() as number;
    const { token } = await createApiToken(getDb(), {
      actor: { id, role: "organizer", institutionId: null },
      name: "partner site",
    });
    const auth = { Authorization: `Bearer ${token}` };
    expect(await get("/api/v1/stats?groupBy=country", auth)).toBe(200);
    sqlite().prepare("update users set deleted_at = ? where id = ?").run(Date.now(), id);
    expect(await get("/api/v1/stats?groupBy=country", auth)).toBe(401);
  });

  it("lets an organizer revoke an invitation, after which its link is dead", async () => {
    const [organizer = ""] = await cookiesFor([idOf(EMAIL.organizer)]);
    const email = "to.be.revoked@example.org";
    const invited = await post("/admin/invitations", { email, role: "organizer", locale: "en" }, { Cookie: organizer });
    expect(invited.status).toBe(200);
    const [link = ""] =
      mailTo(email)
        .at(-1)
        ?.match(/\/invitations\/\S+/) ?? [];
    expect(await get(link, {})).toBe(200);
    const invitationId = sqlite().prepare("select id from invitations where email = ?").pluck().get(email) as number;
    const revoked = await post(
      "/admin/invitations",
      { intent: "revoke", invitationId: String(invitationId) },
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
    const note = mailTo(TRAINEE).at(-1) ?? "";
    expect(note).toMatch(/该地址已有账户[\s\S]*\/login[\s\S]*\/forgot-password/);
    expect(note).not.toContain("/signup/confirm/");
    const [path = ""] =
      mailTo("ana.souza@example.org")
        .at(-1)
        ?.match(/\/signup\/confirm\/\S+/) ?? [];
    expect(path).not.toBe("");
    expect(sqlite().prepare("select count(*) from users where email = 'ana.souza@example.org'").pluck().get()).toBe(0);

    // Following the link shows a button (a mail scanner's visit makes nothing); pressing it makes the account.
    const page = await fetch(`${server.url}${path}`, { headers: { "Accept-Language": "en" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Create my account and sign in");
    expect(sqlite().prepare("select count(*) from users where email = 'ana.souza@example.org'").pluck().get()).toBe(0);
    const confirmed = await post(path, {});
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe("/catalog");
    expect(confirmed.headers.get("Set-Cookie")).toBeTruthy();
    const account = sqlite()
      .prepare("select name, country_code as country, consent_at as consentAt from users where email = ?")
      .get("ana.souza@example.org") as { name: string; country: string; consentAt: number | null };
    expect(account).toMatchObject({ name: "Ana Souza", country: "BR" });
    expect(account.consentAt).not.toBeNull();
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
