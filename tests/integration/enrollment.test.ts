import { and, asc, count, eq, inArray, isNull, like, ne, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { afterEach, describe, expect, it } from "vitest";
import ICAL from "ical.js";
import { getDb, transaction } from "~/utils/db.server";
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
import { backgroundDeliveryDone, deliverQueuedMail } from "~/models/enrollment-mail.server";
import { deleteAccount } from "~/models/users.server";
import { action as sessionAction } from "~/routes/sessions.$sessionId";
import { action as editSessionAction } from "~/routes/manage.sessions.$sessionId";
import { action as rosterAction } from "~/routes/manage.sessions.$sessionId_.roster";
import { auditEvents, enrollmentNotices, mailOutbox, registrations, trainingSessions, users } from "../../db/schema";
import {
  createTestSession,
  createTrainees,
  fillSeats,
  findSeatViolations,
  organizerActor,
  staffActor,
  statusesOf,
} from "../support/enrollment";
import { hashPassword } from "~/utils/password.server";
import { routeArgs } from "../support/route-args";

const db = () => getDb();
let prefixCounter = 0;
const trainees = (count: number, options: { locale?: string; country?: string } = {}) =>
  createTrainees(db(), { count, prefix: `rules-${++prefixCounter}`, ...options });
const userFor = async (id: number) => {
  const [row] = await db()
    .select({ id: users.id, countryCode: users.countryCode })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!row) throw new Error(`No user ${id}`);
  return row;
};
const traineeActor = (id: number) => ({ id, role: "trainee" as const, institutionId: null });
const staffOf = (slug: string) => staffActor(db(), slug);
const organizer = () => organizerActor(db());

/** How many rows of the table (that match `where`, when given). */
const countRows = async (table: SQLiteTable, where?: SQL) => {
  const [row] = await db().select({ n: count() }).from(table).where(where);
  return row?.n ?? 0;
};

/**
 * Every queued notice mailed: what the requests' own background delivery has claimed (it may
 * still be composing) and what is left.
 */
const deliverAllMail = async () => {
  await backgroundDeliveryDone();
  await deliverQueuedMail(getDb(), "http://localhost");
};

/** The e-mail address of a user, to find the mail sent to them. */
const emailOf = async (id: number) => {
  const [row] = await db().select({ email: users.email }).from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw new Error(`No user ${id}`);
  return row.email;
};

/** The first message in the outbox to the user. */
const mailTo = async (id: number) => {
  const [mail] = await db()
    .select({
      subject: mailOutbox.subject,
      text: mailOutbox.text,
      locale: mailOutbox.locale,
      attachments: mailOutbox.attachments,
    })
    .from(mailOutbox)
    .where(eq(mailOutbox.to, await emailOf(id)))
    .orderBy(asc(mailOutbox.id))
    .limit(1);
  if (!mail) throw new Error(`No mail to user ${id}`);
  return mail;
};

const sessionRow = async (sessionId: number) => {
  const [row] = await db()
    .select({
      courseId: trainingSessions.courseId,
      capacity: trainingSessions.capacity,
      startsAt: trainingSessions.startsAt,
    })
    .from(trainingSessions)
    .where(eq(trainingSessions.id, sessionId));
  if (!row) throw new Error(`No session ${sessionId}`);
  return row;
};

const registrationsOf = (sessionId: number) =>
  db().select().from(registrations).where(eq(registrations.sessionId, sessionId)).orderBy(asc(registrations.id));

afterEach(async () => {
  expect(await findSeatViolations(db())).toEqual([]);
});

describe("enrolling", () => {
  it("confirms a place while seats are free, then waitlists with positions 1, 2, …", async () => {
    const sessionId = await createTestSession(db(), { capacity: 2 });
    const [a, b, c, d] = await trainees(4);
    const results = [];
    for (const id of [a, b, c, d]) results.push(await enroll(getDb(), { user: await userFor(id!), sessionId }));
    expect(results.map((r) => (r.ok ? [r.status, r.position] : r.reason))).toEqual([
      ["confirmed", null],
      ["confirmed", null],
      ["waitlisted", 1],
      ["waitlisted", 2],
    ]);
    expect((await getOwnRegistration(getDb(), { userId: d!, sessionId }))?.position).toBe(2);
    // Each place with its audit event and its notice, written with it (one statement on PostgreSQL).
    const ids = results.map((r) => (r.ok ? r.registrationId : 0));
    const events = await db()
      .select({ entityId: auditEvents.entityId, action: auditEvents.action, details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "registration"), inArray(auditEvents.entityId, ids.map(String))))
      .orderBy(asc(auditEvents.id));
    expect(events).toEqual([
      { entityId: String(ids[0]), action: "registration.confirmed", details: { sessionId } },
      { entityId: String(ids[1]), action: "registration.confirmed", details: { sessionId } },
      { entityId: String(ids[2]), action: "registration.waitlisted", details: { sessionId, position: 1 } },
      { entityId: String(ids[3]), action: "registration.waitlisted", details: { sessionId, position: 2 } },
    ]);
    const notices = await db()
      .select({
        registrationId: enrollmentNotices.registrationId,
        kind: enrollmentNotices.kind,
        position: enrollmentNotices.position,
      })
      .from(enrollmentNotices)
      .where(inArray(enrollmentNotices.registrationId, ids))
      .orderBy(asc(enrollmentNotices.id));
    expect(notices).toEqual([
      { registrationId: ids[0], kind: "confirmed", position: null },
      { registrationId: ids[1], kind: "confirmed", position: null },
      { registrationId: ids[2], kind: "waitlisted", position: 1 },
      { registrationId: ids[3], kind: "waitlisted", position: 2 },
    ]);
  });

  it("returns the existing place when enrolling twice, and changes nothing", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b] = await trainees(2);
    const first = await enroll(getDb(), { user: await userFor(a!), sessionId });
    await enroll(getDb(), { user: await userFor(b!), sessionId });
    const events = await countRows(auditEvents);
    const rows = await registrationsOf(sessionId);
    const again = await enroll(getDb(), { user: await userFor(a!), sessionId });
    const againWaitlisted = await enroll(getDb(), { user: await userFor(b!), sessionId });
    expect(again).toMatchObject({ ok: true, changed: false, status: "confirmed", notices: [] });
    expect(first.ok && again.ok && again.registrationId === first.registrationId).toBe(true);
    expect(againWaitlisted).toMatchObject({ ok: true, changed: false, status: "waitlisted", position: 1 });
    expect(await registrationsOf(sessionId)).toEqual(rows);
    expect(await countRows(auditEvents)).toBe(events);
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
    it(`refuses ${what} (${reason}) and creates nothing`, async () => {
      const sessionId = await createTestSession(db(), options);
      const [a] = await trainees(1);
      const before = [await countRows(registrations), await countRows(auditEvents)];
      expect(await enroll(getDb(), { user: await userFor(a!), sessionId })).toEqual({ ok: false, reason });
      expect([await countRows(registrations), await countRows(auditEvents)]).toEqual(before);
    });
  }

  it("keeps the trainee's country at enrollment on the place", async () => {
    const sessionId = await createTestSession(db(), { capacity: 3 });
    const [a] = await trainees(1, { country: "ZA" });
    await enroll(getDb(), { user: await userFor(a!), sessionId });
    await transaction(db(), async (tx) => {
      await tx.update(users).set({ countryCode: "IN" }).where(eq(users.id, a!));
    });
    const [place] = await db()
      .select({ countryCode: registrations.countryCode })
      .from(registrations)
      .where(eq(registrations.userId, a!))
      .limit(1);
    expect(place?.countryCode).toBe("ZA");
  });

  it("warns about (but allows) confirmed places that overlap in time", async () => {
    const first = await createTestSession(db(), { capacity: 5, startsInDays: 40, lastsHours: 8, title: "Morning" });
    const second = await createTestSession(db(), {
      capacity: 5,
      startsInDays: 40.1,
      lastsHours: 8,
      title: "Overlapping",
    });
    const apart = await createTestSession(db(), { capacity: 5, startsInDays: 45, title: "Apart" });
    const [a] = await trainees(1);
    await enroll(getDb(), { user: await userFor(a!), sessionId: first });
    expect(await findOverlappingPlaces(getDb(), { userId: a!, sessionId: second, locale: "en" })).toEqual([
      { sessionId: first, title: "Morning" },
    ]);
    expect(await enroll(getDb(), { user: await userFor(a!), sessionId: second })).toMatchObject({
      ok: true,
      status: "confirmed",
    });
    expect(await findOverlappingPlaces(getDb(), { userId: a!, sessionId: apart, locale: "en" })).toEqual([]);
  });
});

describe("leaving and the waitlist", () => {
  it("gives a freed seat to the first on the waitlist in the same transaction", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b, c] = await trainees(3);
    const placeA = await enroll(getDb(), { user: await userFor(a!), sessionId });
    await enroll(getDb(), { user: await userFor(b!), sessionId });
    await enroll(getDb(), { user: await userFor(c!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    const result = await cancelRegistration(getDb(), {
      actor: traineeActor(a!),
      registrationId: placeA.registrationId,
    });
    expect(result).toMatchObject({ ok: true, changed: true });
    expect(result.ok && result.notices.map((n) => n.kind)).toEqual(["cancelled", "promoted"]);
    const statuses = await statusesOf(db(), sessionId);
    expect([statuses.get(a!), statuses.get(b!), statuses.get(c!)]).toEqual(["cancelled", "confirmed", "waitlisted"]);
    expect((await getOwnRegistration(getDb(), { userId: c!, sessionId }))?.position).toBe(1);
  });

  it("renumbers the waitlist without promoting when a waiting trainee leaves", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b, c] = await trainees(3);
    for (const id of [a, b, c]) await enroll(getDb(), { user: await userFor(id!), sessionId });
    const own = await getOwnRegistration(getDb(), { userId: b!, sessionId });
    const result = await cancelRegistration(getDb(), { actor: traineeActor(b!), registrationId: own!.id });
    expect(result.ok && result.notices.map((n) => n.kind)).toEqual(["cancelled"]);
    expect((await getOwnRegistration(getDb(), { userId: c!, sessionId }))?.position).toBe(1);
    expect((await statusesOf(db(), sessionId)).get(a!)).toBe("confirmed");
  });

  it("puts a returning trainee at the end of the queue, reusing their row", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b, c] = await trainees(3);
    for (const id of [a, b, c]) await enroll(getDb(), { user: await userFor(id!), sessionId });
    const ownB = (await getOwnRegistration(getDb(), { userId: b!, sessionId }))!;
    await cancelRegistration(getDb(), { actor: traineeActor(b!), registrationId: ownB.id });
    const again = await enroll(getDb(), { user: await userFor(b!), sessionId });
    expect(again).toMatchObject({ ok: true, registrationId: ownB.id, status: "waitlisted", position: 2 });
    expect(await countRows(registrations, eq(registrations.sessionId, sessionId))).toBe(3);
  });

  it("queues a newcomer behind everyone waiting, even when the clock steps back or repeats", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b, c, d] = await trainees(4);
    const at = new Date(Date.now() - 60_000);
    const enrollAt = async (id: number, now: Date) => enroll(getDb(), { user: await userFor(id), sessionId, now });
    await enrollAt(a!, at);
    expect(await enrollAt(b!, at)).toMatchObject({ status: "waitlisted", position: 1 });
    // A clock a minute behind, then the same millisecond as the last: still the end of the queue.
    expect(await enrollAt(c!, new Date(at.getTime() - 60_000))).toMatchObject({ status: "waitlisted", position: 2 });
    expect(await enrollAt(d!, new Date(at.getTime() + 1))).toMatchObject({ status: "waitlisted", position: 3 });
    const queued = (await registrationsOf(sessionId))
      .filter((r) => r.status === "waitlisted")
      .map((r) => r.queuedAt.getTime());
    expect(queued).toEqual([at.getTime(), at.getTime() + 1, at.getTime() + 2]);
    const ownB = (await getOwnRegistration(getDb(), { userId: b!, sessionId }))!;
    await cancelRegistration(getDb(), { actor: traineeActor(b!), registrationId: ownB.id });
    expect((await getOwnRegistration(getDb(), { userId: c!, sessionId }))?.position).toBe(1);
    expect((await getOwnRegistration(getDb(), { userId: d!, sessionId }))?.position).toBe(2);
  });

  it("does not let a trainee cancel after the start, nor touch someone else's place", async () => {
    const sessionId = await createTestSession(db(), { capacity: 2 });
    const [a, b] = await trainees(2);
    const placeA = await enroll(getDb(), { user: await userFor(a!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    expect(
      await cancelRegistration(getDb(), { actor: traineeActor(b!), registrationId: placeA.registrationId }),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });
    const later = new Date(Date.now() + 31 * 86_400_000);
    expect(
      await cancelRegistration(getDb(), { actor: traineeActor(a!), registrationId: placeA.registrationId, now: later }),
    ).toEqual({
      ok: false,
      reason: "started",
    });
    expect((await statusesOf(db(), sessionId)).get(a!)).toBe("confirmed");
  });

  it("lets staff of the session's institution remove a trainee with a reason, and nobody else's staff", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1, institutionSlug: "xiamen-university" });
    const [a, b] = await trainees(2);
    const placeA = await enroll(getDb(), { user: await userFor(a!), sessionId });
    await enroll(getDb(), { user: await userFor(b!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    expect(
      await cancelRegistration(getDb(), {
        actor: await staffOf("huaqiao-university"),
        sessionId,
        registrationId: placeA.registrationId,
        reason: "x",
      }),
    ).toEqual({ ok: false, reason: "not_found" });
    const staff = await staffOf("xiamen-university");
    // Not through another session, not without naming the session, not without a reason: and
    // each refusal comes before anything changes.
    const otherSession = await createTestSession(db(), { capacity: 1, institutionSlug: "xiamen-university" });
    const refusals = [];
    for (const extra of [
      { sessionId: otherSession, reason: "Duplicate account" },
      { reason: "Duplicate account" },
      { sessionId, reason: "  " },
      { sessionId },
    ])
      refusals.push(
        await cancelRegistration(getDb(), { actor: staff, registrationId: placeA.registrationId, ...extra }),
      );
    expect(refusals).toEqual([
      { ok: false, reason: "not_found" },
      { ok: false, reason: "not_found" },
      { ok: false, reason: "reason_required" },
      { ok: false, reason: "reason_required" },
    ]);
    expect((await statusesOf(db(), sessionId)).get(a!)).toBe("confirmed");
    const result = await cancelRegistration(getDb(), {
      actor: staff,
      sessionId,
      registrationId: placeA.registrationId,
      reason: "Duplicate account",
    });
    expect(result.ok && result.notices).toEqual([
      { kind: "cancelled", registrationId: placeA.registrationId, by: "staff", reason: "Duplicate account" },
      { kind: "promoted", registrationId: expect.any(Number) },
    ]);
    const [audit] = await db()
      .select({ actor: auditEvents.actorUserId, details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(eq(auditEvents.action, "registration.cancelled"), eq(auditEvents.entityId, String(placeA.registrationId))),
      )
      .limit(1);
    expect(audit?.actor).toBe(staff.id);
    expect(audit?.details).toMatchObject({ by: "staff", reason: "Duplicate account" });
  });

  it("promotes by hand ahead of the queue, growing the capacity instead of overselling", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b, c] = await trainees(3);
    for (const id of [a, b, c]) await enroll(getDb(), { user: await userFor(id!), sessionId });
    const ownC = (await getOwnRegistration(getDb(), { userId: c!, sessionId }))!;
    expect(await promoteByHand(getDb(), { actor: traineeActor(a!), sessionId, registrationId: ownC.id })).toEqual({
      ok: false,
      reason: "not_found",
    });
    // Through another session's roster: refused before the seat or the mail happen.
    const otherSession = await createTestSession(db(), { capacity: 1 });
    expect(
      await promoteByHand(getDb(), { actor: await organizer(), sessionId: otherSession, registrationId: ownC.id }),
    ).toEqual({
      ok: false,
      reason: "not_found",
    });
    expect((await statusesOf(db(), sessionId)).get(c!)).toBe("waitlisted");
    expect(
      await promoteByHand(getDb(), { actor: await organizer(), sessionId, registrationId: ownC.id }),
    ).toMatchObject({
      ok: true,
    });
    expect((await sessionRow(sessionId)).capacity).toBe(2);
    expect((await statusesOf(db(), sessionId)).get(c!)).toBe("confirmed");
    expect((await getOwnRegistration(getDb(), { userId: b!, sessionId }))?.position).toBe(1);
    expect(await promoteByHand(getDb(), { actor: await organizer(), sessionId, registrationId: ownC.id })).toEqual({
      ok: false,
      reason: "not_waitlisted",
    });
  });

  it("cancels every place when the session is cancelled, with an audit event for each", async () => {
    const sessionId = await createTestSession(db(), { capacity: 2 });
    const ids = await trainees(3);
    for (const id of ids) await enroll(getDb(), { user: await userFor(id), sessionId });
    const result = await cancelSession(getDb(), { actor: await organizer(), sessionId, reason: "The venue is closed" });
    expect("notices" in result && result.notices.map((n) => n.kind)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(
      await countRows(
        registrations,
        and(eq(registrations.sessionId, sessionId), ne(registrations.status, "cancelled")),
      ),
    ).toBe(0);
    const placeIds = (await registrationsOf(sessionId)).map((r) => String(r.id));
    expect(
      await countRows(
        auditEvents,
        and(eq(auditEvents.action, "registration.cancelled"), inArray(auditEvents.entityId, placeIds)),
      ),
    ).toBe(3);
  });

  it("gives a deleted account's upcoming seat to the waitlist", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b] = await trainees(2);
    const passwordHash = await hashPassword("a long enough password");
    await transaction(db(), async (tx) => {
      await tx.update(users).set({ passwordHash }).where(eq(users.id, a!));
    });
    await enroll(getDb(), { user: await userFor(a!), sessionId });
    await enroll(getDb(), { user: await userFor(b!), sessionId });
    const result = await deleteAccount(getDb(), a!, "a long enough password");
    expect("notices" in result && result.notices.map((n) => n.kind)).toEqual(["promoted"]);
    expect([...(await statusesOf(db(), sessionId)).values()].sort()).toEqual(["cancelled", "confirmed"]);
  });
});

// ─── through the HTTP actions ─────────────────────────────────────────────────────────────────

async function cookieForUser(id: number) {
  return sessionCookie.serialize((await createAuthSession(getDb(), id)).token);
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
    const sessionId = await createTestSession(db(), { capacity: 3, title: "Smart manufacturing" });
    const [a] = await trainees(1, { locale: "zh-CN" });
    const result = await postSession(sessionId, { intent: "enroll" }, await cookieForUser(a!));
    expect(statusOf(result)).toBe(303);
    expect((result as Response).headers.get("Location")).toBe(`/sessions/${sessionId}`);
    await deliverAllMail();
    const mail = await mailTo(a!);
    expect(mail.locale).toBe("zh-CN");
    expect(mail.subject).toBe("名额已确认：Smart manufacturing（中文）");
    expect(mail.text).toContain("https://meeting.example.org/room-42");
    const [attachment] = mail.attachments ?? [];
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(attachment!.content)).getFirstSubcomponent("vevent")!);
    const starts = (await sessionRow(sessionId)).startsAt;
    expect(event.startDate.toJSDate().getTime()).toBe(Math.floor(starts.getTime() / 1000) * 1000);
  });

  it("tells waitlisted trainees their positions by mail, without a calendar file", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1 });
    const [a, b, c] = await trainees(3);
    await fillSeats(db(), sessionId, [a!]);
    await postSession(sessionId, { intent: "enroll" }, await cookieForUser(b!));
    await postSession(sessionId, { intent: "enroll" }, await cookieForUser(c!));
    await deliverAllMail();
    expect((await mailTo(b!)).text).toContain("position 1");
    expect((await mailTo(c!)).text).toContain("position 2");
    // Kept in one statement with the batch's other messages: no attachment is SQL NULL, not "null".
    const to = [await emailOf(b!), await emailOf(c!)];
    expect(await countRows(mailOutbox, and(inArray(mailOutbox.to, to), isNull(mailOutbox.attachments)))).toBe(2);
  });

  it("keeps a delivery's batch in one insert: each calendar file with its own message, no attachment as NULL", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1, title: "Port logistics" });
    const [a, b] = await trainees(2);
    await backgroundDeliveryDone();
    await enroll(getDb(), { user: await userFor(a!), sessionId });
    await enroll(getDb(), { user: await userFor(b!), sessionId });
    // Both notices in one claim, so one insert holds a message with a calendar file and one without.
    expect(await deliverQueuedMail(getDb(), "http://localhost")).toBe(2);
    const confirmed = await mailTo(a!);
    const waitlisted = await mailTo(b!);
    expect(confirmed.subject).toContain("Port logistics");
    expect(confirmed.attachments?.map((file) => [file.filename, file.content.includes("BEGIN:VCALENDAR")])).toEqual([
      ["training.ics", true],
    ]);
    expect(waitlisted.text).toContain("position 1");
    expect(await countRows(mailOutbox, and(eq(mailOutbox.to, await emailOf(b!)), isNull(mailOutbox.attachments)))).toBe(
      1,
    );
  });

  it("answers a closed session with 409 and a message key, and leaves nothing behind", async () => {
    const sessionId = await createTestSession(db(), { capacity: 3, opensInDays: -10, closesInDays: -1 });
    const [a] = await trainees(1);
    const counts = async () => [
      await countRows(registrations),
      await countRows(auditEvents),
      await countRows(enrollmentNotices),
    ];
    const before = await counts();
    const result = await postSession(sessionId, { intent: "enroll" }, await cookieForUser(a!));
    expect(statusOf(result)).toBe(409);
    expect((result as { data: unknown }).data).toEqual({ refusal: "closed" });
    expect(await counts()).toEqual(before);
  });

  it("sends the anonymous to sign in, refuses staff with 403, unknown intents with 400, unknown sessions with 404", async () => {
    const sessionId = await createTestSession(db(), { capacity: 3 });
    const anonymous = await postSession(sessionId, { intent: "enroll" });
    expect(statusOf(anonymous)).toBe(302);
    expect((anonymous as Response).headers.get("Location")).toContain("/login?redirectTo=");
    const staffCookie = await cookieForUser((await staffOf("xiamen-university")).id);
    expect(statusOf(await postSession(sessionId, { intent: "enroll" }, staffCookie))).toBe(403);
    const [a] = await trainees(1);
    const cookie = await cookieForUser(a!);
    expect(statusOf(await postSession(sessionId, { intent: "hack" }, cookie))).toBe(400);
    expect(statusOf(await postSession(99_999_999, { intent: "enroll" }, cookie))).toBe(404);
    expect(await countRows(registrations, eq(registrations.sessionId, sessionId))).toBe(0);
  });

  it("promotes from the waitlist in queue order when staff raise the capacity", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1, institutionSlug: "xiamen-university" });
    const ids = await trainees(4);
    for (const id of ids) await enroll(getDb(), { user: await userFor(id), sessionId });
    const session = await sessionRow(sessionId);
    const request = new Request(`http://localhost/manage/sessions/${sessionId}`, {
      method: "POST",
      body: new URLSearchParams({
        intent: "save",
        course: String(session.courseId),
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
      headers: { Cookie: await cookieForUser((await staffOf("xiamen-university")).id) },
    });
    const response = await editSessionAction(
      routeArgs({ request, params: { sessionId: String(sessionId) }, context: {} }),
    );
    expect(statusOf(response)).toBe(302);
    await deliverAllMail();
    const statuses = await statusesOf(db(), sessionId);
    expect(ids.map((id) => statuses.get(id))).toEqual(["confirmed", "confirmed", "confirmed", "waitlisted"]);
    expect(await countRows(mailOutbox, like(mailOutbox.subject, "A seat is yours%"))).toBeGreaterThanOrEqual(2);
  });
});

describe("My enrollments", () => {
  it("lists upcoming and past places with the joining link for confirmed online places only", async () => {
    const online = await createTestSession(db(), { capacity: 1, mode: "online" });
    const past = await createTestSession(db(), {
      capacity: 5,
      status: "completed",
      startsInDays: -20,
      opensInDays: -40,
      closesInDays: -21,
    });
    const [a, b] = await trainees(2);
    await enroll(getDb(), { user: await userFor(a!), sessionId: online });
    await enroll(getDb(), { user: await userFor(b!), sessionId: online });
    await fillSeats(db(), past, [a!]);
    const placesA = await listPlaces(getDb(), { userId: a!, locale: "en" });
    expect(placesA.upcoming.map((p) => [p.sessionId, p.status, p.joinUrl, p.canCancel])).toEqual([
      [online, "confirmed", "https://meeting.example.org/room-42", true],
    ]);
    expect(placesA.past.map((p) => [p.sessionId, p.canCancel])).toEqual([[past, false]]);
    const placesB = await listPlaces(getDb(), { userId: b!, locale: "en" });
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
    const sessionId = await createTestSession(db(), { capacity: 1, institutionSlug: "huaqiao-university" });
    const [a, b] = await trainees(2);
    const placeA = await enroll(getDb(), { user: await userFor(a!), sessionId });
    await enroll(getDb(), { user: await userFor(b!), sessionId });
    if (!placeA.ok) throw new Error("A should have a place");
    const registrationId = String(placeA.registrationId);
    const huaqiao = (await staffOf("huaqiao-university")).id;
    expect(statusOf(await postRoster(sessionId, { intent: "remove", registrationId, reason: "" }, huaqiao))).toBe(400);
    expect(
      statusOf(
        await postRoster(
          sessionId,
          { intent: "remove", registrationId, reason: "Twice" },
          (await staffOf("xiamen-university")).id,
        ),
      ),
    ).toBe(404);
    expect((await statusesOf(db(), sessionId)).get(a!)).toBe("confirmed");
    const removed = await postRoster(
      sessionId,
      { intent: "remove", registrationId, reason: "Registered twice" },
      huaqiao,
    );
    expect(statusOf(removed)).toBe(303);
    expect((await statusesOf(db(), sessionId)).get(b!)).toBe("confirmed");
  });
});

describe("the mail queue", () => {
  it("holds each notice from the change's own transaction and mails it exactly once", async () => {
    const sessionId = await createTestSession(db(), { capacity: 1, title: "Queue check" });
    const [a, b] = await trainees(2);
    // What earlier tests' requests left to deliver in the background is delivered first.
    await backgroundDeliveryDone();
    await deliverQueuedMail(getDb(), "http://localhost");
    await enroll(getDb(), { user: await userFor(a!), sessionId });
    await enroll(getDb(), { user: await userFor(b!), sessionId });
    // Queued, not yet sent: a crash here would lose nothing.
    expect(await countRows(enrollmentNotices, isNull(enrollmentNotices.sentAt))).toBe(2);
    // Two deliveries at once (two processes) claim different notices.
    const [first, second] = await Promise.all([
      deliverQueuedMail(getDb(), "http://localhost"),
      deliverQueuedMail(getDb(), "http://localhost"),
    ]);
    expect(first + second).toBe(2);
    expect(await countRows(enrollmentNotices, isNull(enrollmentNotices.sentAt))).toBe(0);
    expect(await countRows(mailOutbox, like(mailOutbox.subject, "%Queue check"))).toBe(2);
    expect(await deliverQueuedMail(getDb(), "http://localhost")).toBe(0);
    expect(await countRows(mailOutbox, like(mailOutbox.subject, "%Queue check"))).toBe(2);
  });

  it("mails a burst of enrollments by the deliveries their requests schedule, leaving none for the next round", async () => {
    // More than two claims' worth, posted together: deliveries run while others commit, and a
    // notice committed after a delivery's last claim is the waiting delivery's.
    const sessionId = await createTestSession(db(), { capacity: 80, title: "Burst check" });
    const burst = await trainees(130);
    await backgroundDeliveryDone();
    await deliverQueuedMail(getDb(), "http://localhost");
    const cookies = await Promise.all(burst.map((id) => cookieForUser(id)));
    const results = await Promise.all(cookies.map((cookie) => postSession(sessionId, { intent: "enroll" }, cookie)));
    expect(results.map(statusOf)).toEqual(burst.map(() => 303));
    await backgroundDeliveryDone();
    expect(await countRows(enrollmentNotices, isNull(enrollmentNotices.sentAt))).toBe(0);
    expect(await countRows(mailOutbox, like(mailOutbox.subject, "%Burst check"))).toBe(130);
  });
});
