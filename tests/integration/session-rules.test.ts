import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { createSession as createAuthSession } from "~/utils/session.server";
import { sessionCookie } from "~/utils/session.server";
import { action as editSession } from "~/routes/manage.sessions.$sessionId";
import { action as editCourse } from "~/routes/manage.courses.$courseId";
import { routeArgs } from "../support/route-args";

const sqlite = () => getDb().$client;

async function cookieFor(email: string) {
  const id = sqlite().prepare("select id from users where email = ?").pluck().get(email) as number;
  return sessionCookie.serialize(createAuthSession(id).token);
}

/** The editor's values for an upcoming session of Xiamen University with trainees in it. */
function busyXiamenSession() {
  return sqlite()
    .prepare(
      `select s.id, s.course_id as courseId, s.capacity,
         (select count(*) from registrations r where r.session_id = s.id and r.status = 'confirmed') as confirmed
       from training_sessions s join courses c on c.id = s.course_id join programs p on p.id = c.program_id
       join institutions i on i.id = p.institution_id
       where i.slug = 'xiamen-university' and s.starts_at > ? and s.status = 'published'
       order by confirmed desc limit 1`,
    )
    .get(Date.now()) as { id: number; courseId: number; capacity: number; confirmed: number };
}

const snapshot = (id: number) => sqlite().prepare("select * from training_sessions where id = ?").get(id);

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
      const session = busyXiamenSession();
      const before = snapshot(session.id);
      const errors = fieldErrorsOf(
        await post(session.id, { ...validFields(session.courseId, session.capacity + 10), ...change }),
      );
      expect(errors[field]).toBe(message);
      expect(snapshot(session.id)).toEqual(before);
    });
  }

  it("refuses a capacity below the places already confirmed, and saves nothing", async () => {
    const session = busyXiamenSession();
    expect(session.confirmed).toBeGreaterThan(1);
    const before = snapshot(session.id);
    const errors = fieldErrorsOf(await post(session.id, validFields(session.courseId, session.confirmed - 1)));
    expect(errors.capacity).toBe("validation.capacityBelowConfirmed");
    expect(snapshot(session.id)).toEqual(before);
  });

  it("accepts the same form when every rule holds", async () => {
    const session = busyXiamenSession();
    const result = await post(session.id, validFields(session.courseId, session.confirmed + 5));
    expect(result instanceof Response && result.status).toBe(302);
    expect((snapshot(session.id) as { capacity: number }).capacity).toBe(session.confirmed + 5);
  });
});

describe("archiving a course", () => {
  it("waits while an upcoming session of it has trainees, and changes nothing", async () => {
    const session = busyXiamenSession();
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
    expect(sqlite().prepare("select status from courses where id = ?").pluck().get(session.courseId)).toBe("published");
  });
});

describe("cancelling a published session", () => {
  it("asks for a reason, then keeps the session visible as cancelled and cancels its places", async () => {
    const { getPublicSession } = await import("~/models/catalog.server");
    const session = busyXiamenSession();
    const refused = fieldErrorsOf(await post(session.id, { intent: "cancel", reason: "" }));
    expect(refused.reason).toBe("validation.reason");
    expect((snapshot(session.id) as { status: string }).status).toBe("published");

    const done = await post(session.id, { intent: "cancel", reason: "The trainer fell ill." });
    expect(done instanceof Response && done.status).toBe(302);
    const shown = getPublicSession({ sessionId: session.id, locale: "en" });
    expect(shown?.status).toBe("cancelled");
    expect(shown?.cancellationReason).toBe("The trainer fell ill.");
    expect(shown?.availability.kind).toBe("cancelled");
    const open = sqlite()
      .prepare("select count(*) from registrations where session_id = ? and status <> 'cancelled'")
      .pluck()
      .get(session.id);
    expect(open).toBe(0);
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
  const course = () =>
    sqlite().prepare("select id, program_id as programId from courses where code = 'XMU-MP-102'").get() as {
      id: number;
      programId: number;
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
    const { id, programId } = course();
    const result = await postCourse("staff@xiamen-university.example.org", id, fields(programId, "XMU-MP-102"));
    expect(result instanceof Response && result.status).toBe(302);
    expect(sqlite().prepare("select hours from courses where id = ?").pluck().get(id)).toBe(18);
  });

  it("refuses a code another course has, and saves nothing", async () => {
    const { id, programId } = course();
    const before = sqlite().prepare("select * from courses where id = ?").get(id);
    const result = (await postCourse("staff@xiamen-university.example.org", id, fields(programId, "XMU-MP-101"))) as {
      data: { fieldErrors: Record<string, string> };
    };
    expect(result.data.fieldErrors.code).toBe("validation.courseCodeTaken");
    expect(sqlite().prepare("select * from courses where id = ?").get(id)).toEqual(before);
  });

  it("is not found for another institution's staff, and nothing changes", async () => {
    const { id, programId } = course();
    const before = sqlite().prepare("select * from courses where id = ?").get(id);
    const result = (await postCourse("staff@huaqiao-university.example.org", id, fields(programId, "HQU-STOLEN"))) as {
      init?: { status?: number };
    };
    expect(result.init?.status).toBe(404);
    expect(sqlite().prepare("select * from courses where id = ?").get(id)).toEqual(before);
  });
});
