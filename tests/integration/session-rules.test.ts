import { and, asc, count, desc, eq, gt, ne } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createSession as createAuthSession } from "~/utils/session.server";
import { sessionCookie } from "~/utils/session.server";
import { action as editSession } from "~/routes/manage.sessions.$sessionId";
import { action as editCourse } from "~/routes/manage.courses.$courseId";
import { courses, institutions, programs, registrations, trainingSessions, users } from "../../db/schema";
import { routeArgs } from "../support/route-args";

async function cookieFor(email: string) {
  const [user] = await getDb().select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (!user) throw new Error(`No account ${email}`);
  return sessionCookie.serialize((await createAuthSession(getDb(), user.id)).token);
}

/** The editor's values for an upcoming session of Xiamen University with trainees in it. */
async function busyXiamenSession() {
  const confirmed = count(registrations.id);
  const [session] = await getDb()
    .select({
      id: trainingSessions.id,
      courseId: trainingSessions.courseId,
      capacity: trainingSessions.capacity,
      confirmed,
    })
    .from(trainingSessions)
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .innerJoin(programs, eq(programs.id, courses.programId))
    .innerJoin(institutions, eq(institutions.id, programs.institutionId))
    .leftJoin(
      registrations,
      and(eq(registrations.sessionId, trainingSessions.id), eq(registrations.status, "confirmed")),
    )
    .where(
      and(
        eq(institutions.slug, "xiamen-university"),
        gt(trainingSessions.startsAt, new Date()),
        eq(trainingSessions.status, "published"),
      ),
    )
    .groupBy(trainingSessions.id)
    .orderBy(desc(confirmed), asc(trainingSessions.id))
    .limit(1);
  if (!session) throw new Error("No upcoming published session of Xiamen University");
  return session;
}

/** The session's whole row, to compare before and after. */
async function snapshot(id: number) {
  const [row] = await getDb().select().from(trainingSessions).where(eq(trainingSessions.id, id));
  return row;
}

/** The course's whole row, to compare before and after. */
async function courseRow(id: number) {
  const [row] = await getDb().select().from(courses).where(eq(courses.id, id));
  return row;
}

const validFields = (courseId: number, capacity: number) => ({
  intent: "save",
  course: String(courseId),
  title_en: "A valid title",
  mode: "online",
  timeZone: "Asia/Shanghai",
  startsLocal: "2030-03-10T15:00",
  endsLocal: "2030-03-10T17:00",
  opensLocal: "2030-01-01T09:00",
  closesLocal: "2030-03-09T12:00",
  capacity: String(capacity),
  languages: "en",
});

async function post(sessionId: number, fields: Record<string, string>) {
  const request = new Request(`http://localhost/manage/sessions/${sessionId}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Cookie: await cookieFor("staff@xiamen-university.example.org") },
  });
  const result: unknown = await editSession(
    routeArgs({ request, params: { sessionId: String(sessionId) }, context: {} }),
  );
  return result as { data: { fieldErrors: Record<string, string> }; init: { status: number } | null } | Response;
}

function fieldErrorsOf(result: Awaited<ReturnType<typeof post>>): Record<string, string> {
  if (result instanceof Response) throw new Error(`expected field errors, got a ${result.status} response`);
  expect(result.init?.status).toBe(400);
  return result.data.fieldErrors;
}

describe("the session editor's rules, through the action", () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["the end comes after the start", { endsLocal: "2030-03-10T14:00" }, "endsLocal", "validation.endAfterStart"],
    [
      "enrollment closes no later than the start",
      { closesLocal: "2030-03-10T16:00" },
      "closesLocal",
      "validation.closesBeforeStart",
    ],
    ["capacity is a whole number", { capacity: "12.5" }, "capacity", "validation.capacity"],
    ["capacity is at least 1", { capacity: "0" }, "capacity", "validation.capacity"],
    ["the time zone is a real IANA zone", { timeZone: "Asia/Atlantis" }, "timeZone", "validation.timeZone"],
  ];

  for (const [rule, change, field, message] of cases) {
    it(`refuses a session unless ${rule}, and saves nothing`, async () => {
      const session = await busyXiamenSession();
      const before = await snapshot(session.id);
      const errors = fieldErrorsOf(
        await post(session.id, { ...validFields(session.courseId, session.capacity + 10), ...change }),
      );
      expect(errors[field]).toBe(message);
      expect(await snapshot(session.id)).toEqual(before);
    });
  }

  it("refuses a capacity below the places already confirmed, and saves nothing", async () => {
    const session = await busyXiamenSession();
    expect(session.confirmed).toBeGreaterThan(1);
    const before = await snapshot(session.id);
    const errors = fieldErrorsOf(await post(session.id, validFields(session.courseId, session.confirmed - 1)));
    expect(errors.capacity).toBe("validation.capacityBelowConfirmed");
    expect(await snapshot(session.id)).toEqual(before);
  });

  it("accepts the same form when every rule holds", async () => {
    const session = await busyXiamenSession();
    const result = await post(session.id, validFields(session.courseId, session.confirmed + 5));
    expect(result instanceof Response && result.status).toBe(302);
    expect((await snapshot(session.id))?.capacity).toBe(session.confirmed + 5);
  });
});

describe("archiving a course", () => {
  it("waits while an upcoming session of it has trainees, and changes nothing", async () => {
    const session = await busyXiamenSession();
    const request = new Request(`http://localhost/manage/courses/${session.courseId}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "archived" }),
      headers: { Cookie: await cookieFor("staff@xiamen-university.example.org") },
    });
    const result = (await editCourse(
      routeArgs({ request, params: { courseId: String(session.courseId) }, context: {} }),
    )) as {
      data: { error: string };
    };
    expect(result.data.error).toBe("validation.archiveWithTrainees");
    expect((await courseRow(session.courseId))?.status).toBe("published");
  });
});

describe("cancelling a published session", () => {
  it("asks for a reason, then keeps the session visible as cancelled and cancels its places", async () => {
    const { getPublicSession } = await import("~/models/catalog.server");
    const session = await busyXiamenSession();
    const refused = fieldErrorsOf(await post(session.id, { intent: "cancel", reason: "" }));
    expect(refused.reason).toBe("validation.reason");
    expect((await snapshot(session.id))?.status).toBe("published");

    const done = await post(session.id, { intent: "cancel", reason: "The trainer fell ill." });
    expect(done instanceof Response && done.status).toBe(302);
    const shown = await getPublicSession(getDb(), { sessionId: session.id, locale: "en" });
    expect(shown?.status).toBe("cancelled");
    expect(shown?.cancellationReason).toBe("The trainer fell ill.");
    expect(shown?.availability.kind).toBe("cancelled");
    const [open] = await getDb()
      .select({ n: count() })
      .from(registrations)
      .where(and(eq(registrations.sessionId, session.id), ne(registrations.status, "cancelled")));
    expect(open?.n).toBe(0);
  });
});

describe("editing a course", () => {
  async function postCourse(email: string, courseId: number, fields: Record<string, string>) {
    const request = new Request(`http://localhost/manage/courses/${courseId}`, {
      method: "POST",
      body: new URLSearchParams(fields),
      headers: { Cookie: await cookieFor(email) },
    });
    try {
      return await editCourse(routeArgs({ request, params: { courseId: String(courseId) }, context: {} }));
    } catch (thrown) {
      return thrown;
    }
  }
  const course = async () => {
    const [row] = await getDb()
      .select({ id: courses.id, programId: courses.programId })
      .from(courses)
      .where(eq(courses.code, "XMU-MP-102"))
      .limit(1);
    if (!row) throw new Error("No course XMU-MP-102");
    return row;
  };
  const fields = (programId: number, code: string) => ({
    intent: "save",
    program: String(programId),
    code,
    title_en: "Monetary policy, the renminbi and BRICS currencies",
    hours: "18",
    level: "intermediate",
    languages: "en",
  });

  it("saves the owner's changes", async () => {
    const { id, programId } = await course();
    const result = await postCourse("staff@xiamen-university.example.org", id, fields(programId, "XMU-MP-102"));
    expect(result instanceof Response && result.status).toBe(302);
    expect((await courseRow(id))?.hours).toBe(18);
  });

  it("refuses a code another course has, and saves nothing", async () => {
    const { id, programId } = await course();
    const before = await courseRow(id);
    const result = (await postCourse("staff@xiamen-university.example.org", id, fields(programId, "XMU-MP-101"))) as {
      data: { fieldErrors: Record<string, string> };
    };
    expect(result.data.fieldErrors.code).toBe("validation.courseCodeTaken");
    expect(await courseRow(id)).toEqual(before);
  });

  it("is not found for another institution's staff, and nothing changes", async () => {
    const { id, programId } = await course();
    const before = await courseRow(id);
    const result = (await postCourse("staff@huaqiao-university.example.org", id, fields(programId, "HQU-STOLEN"))) as {
      init?: { status?: number };
    };
    expect(result.init?.status).toBe(404);
    expect(await courseRow(id)).toEqual(before);
  });
});
