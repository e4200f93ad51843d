import fs from "node:fs";
import { and, count, countDistinct, desc, eq, gt, lte, ne, sql, type Column } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, transaction } from "~/utils/db.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as signupAction } from "~/routes/signup";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as confirmSignupAction } from "~/routes/signup_.confirm.$token";
import { changePassword, deleteAccount, getUserByEmail, verifyLogin } from "~/models/users.server";
import { confirmSignup, requestSignup } from "~/models/signup.server";
import { inviteMember } from "~/models/invitations.server";
import { listOutbox } from "~/models/outbox.server";
import { createSession, validateSessionToken } from "~/utils/session.server";
import { isCommonPassword } from "~/utils/password.server";
import {
  attendance,
  auditEvents,
  authSessions,
  mailOutbox,
  registrations,
  signupRequests,
  trainingSessions,
  users,
} from "../../db/schema";
import { SCHEMA_DIALECT } from "../../db/schema/dialect";
import { testPostgres, testSqlite } from "../support/database";
import { routeArgs } from "../support/route-args";

/** The newest message as sent (the outbox table is the mail channel here; its page masks keys). */
const lastMailText = async () =>
  (await getDb().select({ text: mailOutbox.text }).from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(1))[0]?.text ??
  "";
/** How many audit events of this kind name this record. */
const auditCount = async (action: string, entityId: string) =>
  (
    await getDb()
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.entityId, entityId)))
  )[0]?.n;
/** Addresses compare case-blind (the unique index is on lower(email)). */
const lowerEmail = (column: Column, email: string) => eq(sql`lower(${column})`, email.toLowerCase());

function post(path: string, fields: Record<string, string>, cookie?: string) {
  const headers: Record<string, string> = { "Content-Type": "application/x-www-form-urlencoded" };
  if (cookie) headers.Cookie = cookie;
  return new Request(`http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields), headers });
}

async function asResponse(result: unknown): Promise<Response> {
  if (result instanceof Response) return result;
  throw new Error(`expected a Response, got ${JSON.stringify(result)}`);
}

/** The cookie header a browser would send back after this response. */
function cookieFrom(response: Response): string {
  return (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
}

function tokenFrom(cookie: string): string {
  const encoded = decodeURIComponent(cookie.split("=").slice(1).join("="));
  return JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as string;
}

async function signIn(email: string, password = "demo-password", cookie?: string) {
  const response = await asResponse(
    await loginAction(
      routeArgs({
        request: post("/login", { email, password }, cookie),
        params: {},
        context: { cspNonce: "test-nonce", clientIp: "203.0.113.9", requestId: "test-request" },
      }),
    ),
  );
  expect(response.status).toBe(302);
  return cookieFrom(response);
}

/**
 * What the database holds, as text. On SQLite every byte of its file on disk, the write-ahead
 * log included (after a vacuum, so deleted rows' pages are gone too). On PostgreSQL every row of
 * every table, each as its row text: the server's files also hold its write-ahead log, which
 * keeps rows deleted since (the outbox's mail) and is the server's to recycle, not the app's.
 */
async function databaseText(): Promise<string> {
  if (SCHEMA_DIALECT === "postgresql") {
    const tables = await testPostgres<{ name: string }>(
      sql`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toContain("users");
    const rows: string[] = [];
    for (const { name } of tables)
      for (const row of await testPostgres<{ text: string }>(sql.raw(`select t::text as text from "${name}" t`)))
        rows.push(row.text);
    return rows.join("\n");
  }
  const sqlite = testSqlite;
  sqlite().pragma("wal_checkpoint(TRUNCATE)");
  sqlite().exec("vacuum");
  sqlite().pragma("wal_checkpoint(PASSIVE)");
  const file = process.env.DATABASE_PATH ?? "";
  return [file, `${file}-wal`]
    .filter((f) => fs.existsSync(f))
    .map((f) => fs.readFileSync(f).toString("latin1"))
    .join("");
}

describe("sessions", () => {
  it("starts a new session at every sign-in and ends the one the browser had", async () => {
    const first = await signIn("trainee5@example.org");
    const firstId = tokenFrom(first).split(".")[0];
    const second = await signIn("trainee5@example.org", "demo-password", first);
    const secondId = tokenFrom(second).split(".")[0];
    expect(secondId).not.toBe(firstId);
    const [left] = await getDb()
      .select({ n: count() })
      .from(authSessions)
      .where(eq(authSessions.id, firstId ?? ""));
    expect(left?.n).toBe(0);
    expect((await validateSessionToken(getDb(), tokenFrom(second)))?.user.email).toBe("trainee5@example.org");
  });

  it("ends the session on the server at sign-out", async () => {
    const cookie = await signIn("trainee6@example.org");
    await logoutAction(routeArgs({ request: post("/logout", {}, cookie), params: {}, context: {} }));
    expect(await validateSessionToken(getDb(), tokenFrom(cookie))).toBeNull();
  });

  it("ends every session of the user when the password changes", async () => {
    const user = await getUserByEmail(getDb(), "trainee7@example.org");
    const phone = await createSession(getDb(), user?.id ?? 0);
    const laptop = await createSession(getDb(), user?.id ?? 0);
    expect(await changePassword(getDb(), user?.id ?? 0, "demo-password", "a-new-and-long-password")).toEqual({
      ok: true,
    });
    expect(await validateSessionToken(getDb(), phone.token)).toBeNull();
    expect(await validateSessionToken(getDb(), laptop.token)).toBeNull();
    expect(await verifyLogin(getDb(), "trainee7@example.org", "a-new-and-long-password")).not.toBeNull();
  });

  it("refuses a token whose secret was tampered with", async () => {
    const { token } = await createSession(getDb(), 1);
    const [id, secret] = token.split(".");
    const forged = `${id}.${(secret ?? "").slice(0, -1)}${(secret ?? "").endsWith("A") ? "B" : "A"}`;
    expect(await validateSessionToken(getDb(), forged)).toBeNull();
    expect(await validateSessionToken(getDb(), "garbage")).toBeNull();
    expect(await validateSessionToken(getDb(), token)).not.toBeNull();
  });

  const traineeId = async () => (await getUserByEmail(getDb(), "trainee1@example.org"))?.id ?? 0;
  const staffId = async () => (await getUserByEmail(getDb(), "staff@huaqiao-university.example.org"))?.id ?? 0;

  it("slides for a trainee: renewed when under 15 days remain, but never past the absolute lifetime", async () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = await createSession(getDb(), await traineeId(), start);
    const day = 24 * 60 * 60 * 1000;
    expect((await validateSessionToken(getDb(), token, new Date(start.getTime() + 10 * day)))?.renewedUntil).toBeNull();
    const renewed = await validateSessionToken(getDb(), token, new Date(start.getTime() + 20 * day));
    expect(renewed?.renewedUntil?.toISOString()).toBe(new Date(start.getTime() + 50 * day).toISOString());
    // Kept alive every 20 days, it still ends 90 days after sign-in.
    expect(await validateSessionToken(getDb(), token, new Date(start.getTime() + 40 * day))).not.toBeNull();
    expect(await validateSessionToken(getDb(), token, new Date(start.getTime() + 60 * day))).not.toBeNull();
    expect(await validateSessionToken(getDb(), token, new Date(start.getTime() + 80 * day))).not.toBeNull();
    expect(await validateSessionToken(getDb(), token, new Date(start.getTime() + 90 * day))).toBeNull();
  });

  it("expires after 30 days without use for a trainee", async () => {
    const start = new Date("2026-01-01T00:00:00Z");
    const { token } = await createSession(getDb(), await traineeId(), start);
    expect(
      await validateSessionToken(getDb(), token, new Date(start.getTime() + 29 * 24 * 60 * 60 * 1000)),
    ).not.toBeNull();
    const other = await createSession(getDb(), await traineeId(), start);
    expect(
      await validateSessionToken(getDb(), other.token, new Date(start.getTime() + 31 * 24 * 60 * 60 * 1000)),
    ).toBeNull();
  });

  it("ends a staff or organizer session after 30 idle minutes, and after 12 hours however used", async () => {
    const minute = 60 * 1000;
    const start = new Date("2026-01-01T08:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * minute);
    for (const userId of [await staffId(), 1]) {
      const idle = await createSession(getDb(), userId, start);
      expect(idle.expiresAt.toISOString()).toBe(at(30).toISOString());
      expect(await validateSessionToken(getDb(), idle.token, at(31))).toBeNull();
      // Used every 20 minutes it lives on, until 12 hours after sign-in.
      const busy = await createSession(getDb(), userId, start);
      for (let minutes = 20; minutes < 12 * 60; minutes += 20)
        expect(await validateSessionToken(getDb(), busy.token, at(minutes)), `${minutes} min`).not.toBeNull();
      expect(await validateSessionToken(getDb(), busy.token, at(12 * 60))).toBeNull();
    }
  });
});

describe("secrets at rest", () => {
  it("never stores passwords, session tokens or mailed tokens in clear", async () => {
    const password = "plaintext-canary-7f3a9c";
    const signup = await signupAction(
      routeArgs({
        request: post("/signup", {
          email: "canary@example.org",
          password,
          name: "Canary",
          country: "ZA",
          consent: "on",
        }),
        params: {},
        context: {},
      }),
    );
    expect(signup).toMatchObject({ mailedTo: "canary@example.org" });
    const confirmToken = /signup\/confirm\/(\S+)/.exec(await lastMailText())?.[1] ?? "";
    const confirmed = await asResponse(
      await confirmSignupAction(
        routeArgs({ request: post(`/signup/confirm/${confirmToken}`, {}), params: { token: confirmToken } }),
      ),
    );
    const sessionToken = tokenFrom(cookieFrom(confirmed));
    await forgotAction(
      routeArgs({ request: post("/forgot-password", { email: "canary@example.org" }), params: {}, context: {} }),
    );
    const resetLink = /reset-password\/(\S+)/.exec(await lastMailText())?.[1] ?? "";
    await inviteMember(getDb(), {
      email: "invitee@example.org",
      role: "organizer",
      institutionSlug: undefined,
      locale: "en",
      invitedBy: 1,
    });
    const invitationToken = /invitations\/(\S+)/.exec(await lastMailText())?.[1] ?? "";
    // Organizers reading the outbox see neither key.
    expect((await listOutbox(getDb())).messages.map((mail) => mail.text).join("\n")).not.toMatch(
      /(reset-password|invitations|signup\/confirm)\/(?!\[redacted\])/,
    );

    expect(confirmToken.length).toBeGreaterThan(20);
    expect(resetLink.length).toBeGreaterThan(20);
    expect(invitationToken.length).toBeGreaterThan(20);
    // The outbox is the mail channel itself (it stands in for an SMTP server), so its copy of
    // the links goes; then nothing the database holds may be a secret.
    await transaction(getDb(), (tx) => tx.delete(mailOutbox));
    const bytes = await databaseText();
    expect(bytes).not.toContain(password);
    expect(bytes).not.toContain(sessionToken.split(".")[1]);
    expect(bytes).not.toContain(resetLink);
    expect(bytes).not.toContain(invitationToken);
    expect(bytes).not.toContain(confirmToken);
    const [canary] = await getDb()
      .select({ passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.email, "canary@example.org"));
    expect(canary?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});

describe("accounts", () => {
  const signupInput = {
    password: "a-good-long-password",
    name: "X",
    countryCode: "BR",
    organization: null,
    locale: "en",
    redirectTo: "/",
  };
  const confirmLink = async () => /signup\/confirm\/(\S+)/.exec(await lastMailText())?.[1] ?? "";

  it("treats an address in other letters as taken: its owner is mailed, and no second account is made", async () => {
    expect(await requestSignup(getDb(), { ...signupInput, email: "maria@example.com.br" }, "192.0.2.10")).toEqual({
      mailed: true,
    });
    expect(await confirmSignup(getDb(), await confirmLink())).toMatchObject({ ok: true });
    expect(
      await requestSignup(getDb(), { ...signupInput, email: "MARIA@Example.com.br", name: "Y" }, "192.0.2.10"),
    ).toEqual({
      mailed: true,
    });
    expect(await lastMailText()).toMatch(/already has an account/);
    expect(await lastMailText()).not.toMatch(/signup\/confirm/);
    expect((await getUserByEmail(getDb(), "Maria@EXAMPLE.com.br"))?.name).toBe("X");
    const [accounts] = await getDb()
      .select({ n: count() })
      .from(users)
      .where(lowerEmail(users.email, "maria@example.com.br"));
    expect(accounts?.n).toBe(1);
  });

  it("makes the account from the first link followed; a second link for the address says it is taken", async () => {
    await requestSignup(getDb(), { ...signupInput, email: "twice@example.org", name: "First" }, "192.0.2.11");
    const first = await confirmLink();
    await requestSignup(getDb(), { ...signupInput, email: "twice@example.org", name: "Second" }, "192.0.2.11");
    const second = await confirmLink();
    expect(first).not.toBe(second);
    expect(await confirmSignup(getDb(), second)).toMatchObject({ ok: true, user: { name: "Second" } });
    // The other waiting sign-up went with it, and a used link does not work twice.
    expect(await confirmSignup(getDb(), first)).toEqual({ invalid: true });
    expect(await confirmSignup(getDb(), second)).toEqual({ invalid: true });
    const [waiting] = await getDb()
      .select({ n: count() })
      .from(signupRequests)
      .where(lowerEmail(signupRequests.email, "twice@example.org"));
    expect(waiting?.n).toBe(0);
  });

  it("refuses the most common passwords, and only those", async () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("Qwerty123")).toBe(true);
    expect(isCommonPassword("samba-and-solder-2026")).toBe(false);
    const result = await requestSignup(
      getDb(),
      { ...signupInput, email: "weak@example.org", password: "password1" },
      "192.0.2.12",
    );
    expect(result).toEqual({ errors: { password: "validation.passwordCommon" } });
  });

  it("deletes an account but keeps its participation, anonymised, in the statistics", async () => {
    // Past participation stays as it was; upcoming places are released to the waitlist.
    const byCountry = () =>
      getDb()
        .select({ country: registrations.countryCode, status: registrations.status, n: count() })
        .from(registrations)
        .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
        .where(lte(trainingSessions.startsAt, new Date()))
        .groupBy(registrations.countryCode, registrations.status)
        .orderBy(registrations.countryCode, registrations.status);
    const upcomingPlaces = async (userId: number) =>
      (
        await getDb()
          .select({ n: count() })
          .from(registrations)
          .innerJoin(trainingSessions, eq(trainingSessions.id, registrations.sessionId))
          .where(
            and(
              eq(registrations.userId, userId),
              gt(trainingSessions.startsAt, new Date()),
              ne(registrations.status, "cancelled"),
            ),
          )
      )[0]?.n;
    const distinctAttendees = async () =>
      (
        await getDb()
          .select({ n: countDistinct(registrations.userId) })
          .from(registrations)
          .innerJoin(attendance, eq(attendance.registrationId, registrations.id))
          .where(eq(attendance.attended, true))
      )[0]?.n;
    // The trainee with the most places (the lowest id of those tied): the most for deletion to keep or release.
    const [user] = await getDb()
      .select({ id: users.id, email: users.email })
      .from(users)
      .innerJoin(registrations, eq(registrations.userId, users.id))
      .where(eq(users.role, "trainee"))
      .groupBy(users.id, users.email)
      .orderBy(desc(count()), users.id)
      .limit(1);
    if (!user) throw new Error("No trainee with a place in the seeded data");
    const before = { byCountry: await byCountry(), distinct: await distinctAttendees() };
    const cookie = await signIn(user.email);

    expect(await deleteAccount(getDb(), user.id, "wrong")).toEqual({
      errors: { password: "validation.wrongCurrentPassword" },
    });
    expect(await deleteAccount(getDb(), user.id, "demo-password")).toMatchObject({ ok: true });

    expect(await byCountry()).toEqual(before.byCountry);
    expect(await distinctAttendees()).toBe(before.distinct);
    expect(await upcomingPlaces(user.id)).toBe(0);
    const [row] = await getDb()
      .select({
        email: users.email,
        name: users.name,
        organization: users.organization,
        passwordHash: users.passwordHash,
        deletedAt: users.deletedAt,
      })
      .from(users)
      .where(eq(users.id, user.id));
    if (!row) throw new Error(`The row of user ${user.id} went: it must stay, anonymised`);
    expect(row.email).toBe(`deleted-${user.id}@deleted.invalid`);
    expect(row.name).toBe("");
    expect(row.organization).toBeNull();
    expect(row.passwordHash).toBeNull();
    expect(row.deletedAt).not.toBeNull();
    const [sameAddress] = await getDb().select({ n: count() }).from(users).where(eq(users.email, user.email));
    expect(sameAddress?.n).toBe(0);
    expect(await validateSessionToken(getDb(), tokenFrom(cookie))).toBeNull();
    expect(await verifyLogin(getDb(), user.email, "demo-password")).toBeNull();
    expect(await auditCount("user.deleted", String(user.id))).toBe(1);
  });

  it("records a failed sign-in as an audit event", async () => {
    await loginAction(
      routeArgs({
        request: post("/login", { email: "trainee8@example.org", password: "nope" }),
        params: {},
        context: { clientIp: "198.51.100.1" },
      }),
    );
    expect(await auditCount("auth.sign_in_failed", "trainee8@example.org")).toBe(1);
  });
});

describe("role changes", () => {
  it("sign the person out everywhere and leave an audit event", async () => {
    const { changeRole } = await import("~/models/users.server");
    const user = await getUserByEmail(getDb(), "trainee9@example.org");
    const { token } = await createSession(getDb(), user?.id ?? 0);
    await changeRole(getDb(), user?.id ?? 0, "organizer", null, 1);
    expect(await validateSessionToken(getDb(), token)).toBeNull();
    expect((await getUserByEmail(getDb(), "trainee9@example.org"))?.role).toBe("organizer");
    expect(await auditCount("user.role_changed", String(user?.id))).toBe(1);
  });
});

describe("POST /language, signed in", () => {
  it("remembers the choice in the person's profile as well as in the cookie", async () => {
    const { createSession } = await import("~/utils/session.server");
    const { getUserByEmail } = await import("~/models/users.server");
    const user = await getUserByEmail(getDb(), "trainee11@example.org");
    const { token } = await createSession(getDb(), user?.id ?? 0);
    const { sessionCookie } = await import("~/utils/session.server");
    const request = new Request("http://localhost/language", {
      method: "POST",
      body: new URLSearchParams({ locale: "zh-CN", redirectTo: "/" }),
      headers: { Cookie: await sessionCookie.serialize(token) },
    });
    const { action } = await import("~/routes/language");
    await action(routeArgs({ request, params: {}, context: {} }));
    expect((await getUserByEmail(getDb(), "trainee11@example.org"))?.locale).toBe("zh-CN");
  });
});
