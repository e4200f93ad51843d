import { afterEach, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { getDb } from "~/utils/db.server";
import { createSession as createAuthSession, sessionCookie } from "~/utils/session.server";
import {
  cancelRegistration,
  enroll,
  findOverlappingPlaces,
  getOwnRegistration,
  listPlaces,
  promoteByHand,
} from "~/models/enrollment.server";
import { cancelSession } from "~/models/manage-catalog.server";
import { deliverQueuedMail } from "~/models/enrollment-mail.server";
import { deleteAccount } from "~/models/users.server";
import { action as sessionAction } from "~/routes/sessions.$sessionId";
import { action as editSessionAction } from "~/routes/manage.sessions.$sessionId";
import { action as rosterAction } from "~/routes/manage.sessions.$sessionId_.roster";
import { createTestSession, createTrainees, fillSeats, findSeatViolations, statusesOf } from "../support/enrollment";
import { hashPassword } from "~/utils/password.server";
import { routeArgs } from "../support/route-args";

const sqlite = () => getDb().$client;
let prefixCounter = 0;
const trainees = (count: number, options: { locale?: string; country?: string } = {}) =>
  createTrainees(sqlite(), { count, prefix: `rules-${++prefixCounter}`, ...options });
const userFor = (id: number) => {
  const row = sqlite().prepare("select id, country_code as countryCode from users where id = ?").get(id) as {
    id: number;
    countryCode: string;
  };
  return row;
};
const traineeActor = (id: number) => ({ id, role: "trainee" as const, institutionId: null });
const staffOf = (slug: string) =>
  sqlite()
    .prepare(
      "select u.id, u.role, u.institution_id as institutionId from users u join institutions i on i.id = u.institution_id where i.slug = ? and u.role = 'staff' limit 1",
    )
    .get(slug) as { id: number; role: "staff"; institutionId: number };
const organizer = () =>
  sqlite()
    .prepare("select id, role, institution_id as institutionId from users where role = 'organizer' limit 1")
    .get() as {
    id: number;
    role: "organizer";
    institutionId: null;
  };

const count = (table: string, where = "1 = 1", ...args: unknown[]) =>
  sqlite()
    .prepare(`select count(*) from ${table} where ${where}`)
    .pluck()
    .get(...args) as number;

afterEach(() => {
  expect(findSeatViolations(sqlite())).toEqual([]);
});

describe("enrolling", () => {
  it("confirms a place while seats are free, then waitlists with positions 1, 2, …", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 2 });
    const [a, b, c, d] = trainees(4);
    const results = [a, b, c, d].map((id) => enroll({ user: userFor(id!), sessionId }));
    expect(results.map((r) => (r.ok ? [r.status, r.position] : r.reason))).toEqual([
      ["confirmed", null],
      ["confirmed", null],
      ["waitlisted", 1],
      ["waitlisted", 2],
    ]);
    expect(getOwnRegistration({ userId: d!, sessionId })?.position).toBe(2);
  });

  it("returns the existing place when enrolling twice, and changes nothing", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1 });
    const [a, b] = trainees(2);
    const first = enroll({ user: userFor(a!), sessionId });
    enroll({ user: userFor(b!), sessionId });
    const events = count("audit_events");
    const rows = sqlite().prepare("select * from registrations where session_id = ? order by id").all(sessionId);
    const again = enroll({ user: userFor(a!), sessionId });
    const againWaitlisted = enroll({ user: userFor(b!), sessionId });
    expect(again).toMatchObject({ ok: true, changed: false, status: "confirmed", notices: [] });
    expect(first.ok && again.ok && again.registrationId === first.registrationId).toBe(true);
    expect(againWaitlisted).toMatchObject({ ok: true, changed: false, status: "waitlisted", position: 1 });
    expect(sqlite().prepare("select * from registrations where session_id = ? order by id").all(sessionId)).toEqual(
      rows,
    );
    expect(count("audit_events")).toBe(events);
  });

  const refusals: [string, Parameters<typeof createTestSession>[1], string][] = [
    ["a cancelled session", { capacity: 5, status: "cancelled" }, "cancelled"],
    [
      "a completed session",
      { capacity: 5, status: "completed", startsInDays: -3, closesInDays: -4, opensInDays: -20 },
      "past",
    ],
    ["a session that has started", { capacity: 5, startsInDays: -0.01, closesInDays: -1, opensInDays: -20 }, "past"],
    ["a session whose enrollment has not opened", { capacity: 5, opensInDays: 2, closesInDays: 10 }, "not_yet_open"],
    ["a session whose enrollment is closed", { capacity: 5, opensInDays: -10, closesInDays: -1 }, "closed"],
    ["a draft session", { capacity: 5, status: "draft" }, "not_found"],
  ];
  for (const [what, options, reason] of refusals) {
    it(`refuses ${what} (${reason}) and creates nothing`, () => {
      const sessionId = createTestSession(sqlite(), options);
      const [a] = trainees(1);
      const before = [count("registrations"), count("audit_events")];
      expect(enroll({ user: userFor(a!), sessionId })).toEqual({ ok: false, reason });
      expect([count("registrations"), count("audit_events")]).toEqual(before);
    });
  }

  it("keeps the trainee's country at enrollment on the place", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 3 });
    const [a] = trainees(1, { country: "ZA" });
    enroll({ user: userFor(a!), sessionId });
    sqlite().prepare("update users set country_code = 'IN' where id = ?").run(a);
    expect(sqlite().prepare("select country_code from registrations where user_id = ?").pluck().get(a)).toBe("ZA");
  });

  it("warns about (but allows) confirmed places that overlap in time", () => {
    const first = createTestSession(sqlite(), { capacity: 5, startsInDays: 40, lastsHours: 8, title: "Morning" });
    const second = createTestSession(sqlite(), {
      capacity: 5,
      startsInDays: 40.1,
      lastsHours: 8,
      title: "Overlapping",
    });
    const apart = createTestSession(sqlite(), { capacity: 5, startsInDays: 45, title: "Apart" });
    const [a] = trainees(1);
    enroll({ user: userFor(a!), sessionId: first });
    expect(findOverlappingPlaces({ userId: a!, sessionId: second, locale: "en" })).toEqual([
      { sessionId: first, title: "Morning" },
    ]);
    expect(enroll({ user: userFor(a!), sessionId: second })).toMatchObject({ ok: true, status: "confirmed" });
    expect(findOverlappingPlaces({ userId: a!, sessionId: apart, locale: "en" })).toEqual([]);
  });
});

describe("leaving and the waitlist", () => {
  it("gives a freed seat to the first on the waitlist in the same transaction", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1 });
    const [a, b, c] = trainees(3);
    const placeA = enroll({ user: userFor(a!), sessionId });
    enroll({ user: userFor(b!), sessionId });
    enroll({ user: userFor(c!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    const result = cancelRegistration({ actor: traineeActor(a!), registrationId: placeA.registrationId });
    expect(result).toMatchObject({ ok: true, changed: true });
    expect(result.ok && result.notices.map((n) => n.kind)).toEqual(["cancelled", "promoted"]);
    const statuses = statusesOf(sqlite(), sessionId);
    expect([statuses.get(a!), statuses.get(b!), statuses.get(c!)]).toEqual(["cancelled", "confirmed", "waitlisted"]);
    expect(getOwnRegistration({ userId: c!, sessionId })?.position).toBe(1);
  });

  it("renumbers the waitlist without promoting when a waiting trainee leaves", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1 });
    const [a, b, c] = trainees(3);
    [a, b, c].forEach((id) => enroll({ user: userFor(id!), sessionId }));
    const own = getOwnRegistration({ userId: b!, sessionId });
    const result = cancelRegistration({ actor: traineeActor(b!), registrationId: own!.id });
    expect(result.ok && result.notices.map((n) => n.kind)).toEqual(["cancelled"]);
    expect(getOwnRegistration({ userId: c!, sessionId })?.position).toBe(1);
    expect(statusesOf(sqlite(), sessionId).get(a!)).toBe("confirmed");
  });

  it("puts a returning trainee at the end of the queue, reusing their row", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1 });
    const [a, b, c] = trainees(3);
    [a, b, c].forEach((id) => enroll({ user: userFor(id!), sessionId }));
    const ownB = getOwnRegistration({ userId: b!, sessionId })!;
    cancelRegistration({ actor: traineeActor(b!), registrationId: ownB.id });
    const again = enroll({ user: userFor(b!), sessionId });
    expect(again).toMatchObject({ ok: true, registrationId: ownB.id, status: "waitlisted", position: 2 });
    expect(count("registrations", "session_id = ?", sessionId)).toBe(3);
  });

  it("does not let a trainee cancel after the start, nor touch someone else's place", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 2 });
    const [a, b] = trainees(2);
    const placeA = enroll({ user: userFor(a!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    expect(cancelRegistration({ actor: traineeActor(b!), registrationId: placeA.registrationId })).toEqual({
      ok: false,
      reason: "not_found",
    });
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect(cancelRegistration({ actor: traineeActor(a!), registrationId: placeA.registrationId, now: later })).toEqual({
      ok: false,
      reason: "started",
    });
    expect(statusesOf(sqlite(), sessionId).get(a!)).toBe("confirmed");
  });

  it("lets staff of the session's institution remove a trainee with a reason, and nobody else's staff", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1, institutionSlug: "xiamen-university" });
    const [a, b] = trainees(2);
    const placeA = enroll({ user: userFor(a!), sessionId });
    enroll({ user: userFor(b!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    expect(
      cancelRegistration({
        actor: staffOf("huaqiao-university"),
        sessionId,
        registrationId: placeA.registrationId,
        reason: "x",
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    const staff = staffOf("xiamen-university");
    // Not through another session, not without naming the session, not without a reason: and
    // each refusal comes before anything changes.
    const otherSession = createTestSession(sqlite(), { capacity: 1, institutionSlug: "xiamen-university" });
    const refusals = [
      { sessionId: otherSession, reason: "Duplicate account" },
      { reason: "Duplicate account" },
      { sessionId, reason: "  " },
      { sessionId },
    ].map((extra) => cancelRegistration({ actor: staff, registrationId: placeA.registrationId, ...extra }));
    expect(refusals).toEqual([
      { ok: false, reason: "not_found" },
      { ok: false, reason: "not_found" },
      { ok: false, reason: "reason_required" },
      { ok: false, reason: "reason_required" },
    ]);
    expect(statusesOf(sqlite(), sessionId).get(a!)).toBe("confirmed");
    const result = cancelRegistration({
      actor: staff,
      sessionId,
      registrationId: placeA.registrationId,
      reason: "Duplicate account",
    });
    expect(result.ok && result.notices).toEqual([
      { kind: "cancelled", registrationId: placeA.registrationId, by: "staff", reason: "Duplicate account" },
      { kind: "promoted", registrationId: expect.any(Number) },
    ]);
    const audit = sqlite()
      .prepare(
        "select actor_user_id as actor, details from audit_events where action = 'registration.cancelled' and entity_id = ?",
      )
      .get(String(placeA.registrationId)) as { actor: number; details: string };
    expect(audit.actor).toBe(staff.id);
    expect(JSON.parse(audit.details)).toMatchObject({ by: "staff", reason: "Duplicate account" });
  });

  it("promotes by hand ahead of the queue, growing the capacity instead of overselling", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1 });
    const [a, b, c] = trainees(3);
    [a, b, c].forEach((id) => enroll({ user: userFor(id!), sessionId }));
    const ownC = getOwnRegistration({ userId: c!, sessionId })!;
    expect(promoteByHand({ actor: traineeActor(a!), sessionId, registrationId: ownC.id })).toEqual({
      ok: false,
      reason: "not_found",
    });
    // Through another session's roster: refused before the seat or the mail happen.
    const otherSession = createTestSession(sqlite(), { capacity: 1 });
    expect(promoteByHand({ actor: organizer(), sessionId: otherSession, registrationId: ownC.id })).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect(statusesOf(sqlite(), sessionId).get(c!)).toBe("waitlisted");
    expect(promoteByHand({ actor: organizer(), sessionId, registrationId: ownC.id })).toMatchObject({ ok: true });
    expect(sqlite().prepare("select capacity from training_sessions where id = ?").pluck().get(sessionId)).toBe(2);
    expect(statusesOf(sqlite(), sessionId).get(c!)).toBe("confirmed");
    expect(getOwnRegistration({ userId: b!, sessionId })?.position).toBe(1);
    expect(promoteByHand({ actor: organizer(), sessionId, registrationId: ownC.id })).toEqual({
      ok: false,
      reason: "not_waitlisted",
    });
  });

  it("cancels every place when the session is cancelled, with an audit event for each", () => {
    const sessionId = createTestSession(sqlite(), { capacity: 2 });
    const ids = trainees(3);
    ids.forEach((id) => enroll({ user: userFor(id), sessionId }));
    const result = cancelSession({ actor: organizer(), sessionId, reason: "The venue is closed" });
    expect("notices" in result && result.notices.map((n) => n.kind)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(count("registrations", "session_id = ? and status != 'cancelled'", sessionId)).toBe(0);
    expect(
      count(
        "audit_events",
        "action = 'registration.cancelled' and entity_id in (select cast(id as text) from registrations where session_id = ?)",
        sessionId,
      ),
    ).toBe(3);
  });

  it("gives a deleted account's upcoming seat to the waitlist", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1 });
    const [a, b] = trainees(2);
    sqlite()
      .prepare("update users set password_hash = ? where id = ?")
      .run(await hashPassword("a long enough password"), a);
    enroll({ user: userFor(a!), sessionId });
    enroll({ user: userFor(b!), sessionId });
    const result = await deleteAccount(a!, "a long enough password");
    expect("notices" in result && result.notices.map((n) => n.kind)).toEqual(["promoted"]);
    expect([...statusesOf(sqlite(), sessionId).values()].sort()).toEqual(["cancelled", "confirmed"]);
  });
});

// ─── through the HTTP actions ─────────────────────────────────────────────────────────────────

async function cookieForUser(id: number) {
  return sessionCookie.serialize(createAuthSession(id).token);
}

async function postSession(sessionId: number, fields: Record<string, string>, cookie?: string) {
  const request = new Request(`http://localhost/sessions/${sessionId}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: cookie ? { Cookie: cookie } : {},
  });
  try {
    return (await sessionAction(
      routeArgs({ request, params: { sessionId: String(sessionId) }, context: {} }),
    )) as unknown;
  } catch (thrown) {
    return thrown;
  }
}

const statusOf = (result: unknown) =>
  result instanceof Response ? result.status : ((result as { init?: { status?: number } | null }).init?.status ?? 200);

describe("the session page's enroll and cancel actions", () => {
  it("enrolls, redirects back, and mails the trainee in their language with the calendar file", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 3, title: "Smart manufacturing" });
    const [a] = trainees(1, { locale: "zh-CN" });
    const result = await postSession(sessionId, { intent: "enroll" }, await cookieForUser(a!));
    expect(statusOf(result)).toBe(303);
    expect((result as Response).headers.get("Location")).toBe(`/sessions/${sessionId}`);
    await deliverQueuedMail("http://localhost");
    const mail = sqlite()
      .prepare(
        'select subject, text, locale, attachments from mail_outbox where "to" = (select email from users where id = ?)',
      )
      .get(a) as { subject: string; text: string; locale: string; attachments: string };
    expect(mail.locale).toBe("zh-CN");
    expect(mail.subject).toBe("名额已确认：Smart manufacturing（中文）");
    expect(mail.text).toContain("https://meeting.example.org/room-42");
    const [attachment] = JSON.parse(mail.attachments) as { content: string }[];
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(attachment!.content)).getFirstSubcomponent("vevent")!);
    const starts = sqlite().prepare("select starts_at from training_sessions where id = ?").pluck().get(sessionId);
    expect(event.startDate.toJSDate().getTime()).toBe(Math.floor((starts as number) / 1000) * 1000);
  });

  it("tells a waitlisted trainee their position by mail", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1 });
    const [a, b] = trainees(2);
    fillSeats(sqlite(), sessionId, [a!]);
    await postSession(sessionId, { intent: "enroll" }, await cookieForUser(b!));
    await deliverQueuedMail("http://localhost");
    const text = sqlite()
      .prepare('select text from mail_outbox where "to" = (select email from users where id = ?)')
      .pluck()
      .get(b) as string;
    expect(text).toContain("position 1");
  });

  it("answers a closed session with 409 and a message key, and leaves nothing behind", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 3, opensInDays: -10, closesInDays: -1 });
    const [a] = trainees(1);
    const before = [count("registrations"), count("audit_events"), count("enrollment_notices")];
    const result = await postSession(sessionId, { intent: "enroll" }, await cookieForUser(a!));
    expect(statusOf(result)).toBe(409);
    expect((result as { data: unknown }).data).toEqual({ refusal: "closed" });
    expect([count("registrations"), count("audit_events"), count("enrollment_notices")]).toEqual(before);
  });

  it("sends the anonymous to sign in, refuses staff with 403, unknown intents with 400, unknown sessions with 404", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 3 });
    const anonymous = await postSession(sessionId, { intent: "enroll" });
    expect(statusOf(anonymous)).toBe(302);
    expect((anonymous as Response).headers.get("Location")).toContain("/login?redirectTo=");
    const staffCookie = await cookieForUser(staffOf("xiamen-university").id);
    expect(statusOf(await postSession(sessionId, { intent: "enroll" }, staffCookie))).toBe(403);
    const [a] = trainees(1);
    const cookie = await cookieForUser(a!);
    expect(statusOf(await postSession(sessionId, { intent: "hack" }, cookie))).toBe(400);
    expect(statusOf(await postSession(99_999_999, { intent: "enroll" }, cookie))).toBe(404);
    expect(count("registrations", "session_id = ?", sessionId)).toBe(0);
  });

  it("promotes from the waitlist in queue order when staff raise the capacity", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1, institutionSlug: "xiamen-university" });
    const ids = trainees(4);
    ids.forEach((id) => enroll({ user: userFor(id), sessionId }));
    const session = sqlite().prepare("select course_id from training_sessions where id = ?").get(sessionId) as {
      course_id: number;
    };
    const request = new Request(`http://localhost/manage/sessions/${sessionId}`, {
      method: "POST",
      body: new URLSearchParams({
        intent: "save",
        course: String(session.course_id),
        title_en: "Enrollment test session",
        mode: "online",
        timeZone: "Asia/Shanghai",
        startsLocal: "2030-03-10T15:00",
        endsLocal: "2030-03-10T17:00",
        opensLocal: "2026-01-01T09:00",
        closesLocal: "2030-03-09T12:00",
        capacity: "3",
        languages: "en",
      }),
      headers: { Cookie: await cookieForUser(staffOf("xiamen-university").id) },
    });
    const response = await editSessionAction(
      routeArgs({ request, params: { sessionId: String(sessionId) }, context: {} }),
    );
    expect(statusOf(response)).toBe(302);
    await deliverQueuedMail("http://localhost");
    const statuses = statusesOf(sqlite(), sessionId);
    expect(ids.map((id) => statuses.get(id))).toEqual(["confirmed", "confirmed", "confirmed", "waitlisted"]);
    expect(count("mail_outbox", "subject like 'A seat is yours%'")).toBeGreaterThanOrEqual(2);
  });
});

describe("My enrollments", () => {
  it("lists upcoming and past places with the joining link for confirmed online places only", () => {
    const online = createTestSession(sqlite(), { capacity: 1, mode: "online" });
    const past = createTestSession(sqlite(), {
      capacity: 5,
      status: "completed",
      startsInDays: -20,
      opensInDays: -40,
      closesInDays: -21,
    });
    const [a, b] = trainees(2);
    enroll({ user: userFor(a!), sessionId: online });
    enroll({ user: userFor(b!), sessionId: online });
    fillSeats(sqlite(), past, [a!]);
    const placesA = listPlaces({ userId: a!, locale: "en" });
    expect(placesA.upcoming.map((p) => [p.sessionId, p.status, p.joinUrl, p.canCancel])).toEqual([
      [online, "confirmed", "https://meeting.example.org/room-42", true],
    ]);
    expect(placesA.past.map((p) => [p.sessionId, p.canCancel])).toEqual([[past, false]]);
    const placesB = listPlaces({ userId: b!, locale: "en" });
    expect(placesB.upcoming.map((p) => [p.status, p.position, p.joinUrl])).toEqual([["waitlisted", 1, null]]);
  });
});

describe("the roster's actions", () => {
  async function postRoster(sessionId: number, fields: Record<string, string>, actorId: number) {
    const request = new Request(`http://localhost/manage/sessions/${sessionId}/roster`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Cookie: await cookieForUser(actorId) },
    });
    try {
      return (await rosterAction(
        routeArgs({ request, params: { sessionId: String(sessionId) }, context: {} }),
      )) as unknown;
    } catch (thrown) {
      return thrown;
    }
  }

  it("removes a place with a reason, refuses without one, and 404s for another institution's staff", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1, institutionSlug: "huaqiao-university" });
    const [a, b] = trainees(2);
    const placeA = enroll({ user: userFor(a!), sessionId });
    enroll({ user: userFor(b!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    const registrationId = String(placeA.registrationId);
    const huaqiao = staffOf("huaqiao-university").id;
    expect(statusOf(await postRoster(sessionId, { intent: "remove", registrationId, reason: "" }, huaqiao))).toBe(400);
    expect(
      statusOf(
        await postRoster(
          sessionId,
          { intent: "remove", registrationId, reason: "Twice" },
          staffOf("xiamen-university").id,
        ),
      ),
    ).toBe(404);
    expect(statusesOf(sqlite(), sessionId).get(a!)).toBe("confirmed");
    const removed = await postRoster(
      sessionId,
      { intent: "remove", registrationId, reason: "Registered twice" },
      huaqiao,
    );
    expect(statusOf(removed)).toBe(303);
    expect(statusesOf(sqlite(), sessionId).get(b!)).toBe("confirmed");
  });
});

describe("the mail queue", () => {
  it("holds each notice from the change's own transaction and mails it exactly once", async () => {
    const sessionId = createTestSession(sqlite(), { capacity: 1, title: "Queue check" });
    const [a, b] = trainees(2);
    await deliverQueuedMail("http://localhost");
    enroll({ user: userFor(a!), sessionId });
    enroll({ user: userFor(b!), sessionId });
    // Queued, not yet sent: a crash here would lose nothing.
    expect(count("enrollment_notices", "sent_at is null")).toBe(2);
    // Two deliveries at once (two processes) claim different notices.
    const [first, second] = await Promise.all([
      deliverQueuedMail("http://localhost"),
      deliverQueuedMail("http://localhost"),
    ]);
    expect(first + second).toBe(2);
    expect(count("enrollment_notices", "sent_at is null")).toBe(0);
    expect(count("mail_outbox", "subject like '%Queue check'")).toBe(2);
    expect(await deliverQueuedMail("http://localhost")).toBe(0);
    expect(count("mail_outbox", "subject like '%Queue check'")).toBe(2);
  });
});
