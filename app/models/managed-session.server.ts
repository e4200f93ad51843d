import { and, eq } from "drizzle-orm";
import { courses, programs, trainingSessions } from "../../db/schema";
import type { Handle } from "../utils/db.server";
import { ownScope, type Actor } from "./actor-scope.server";

/**
 * A session as the console needs it (roster, attendance, check-in, imports), when it is in the
 * actor's scope; null otherwise, which the routes answer with "not found".
 */
export async function getManagedSession(db: Handle, { actor, sessionId }: { actor: Actor; sessionId: number }) {
  const [session] = await db
    .select({
      id: trainingSessions.id,
      title: trainingSessions.title,
      courseTitle: courses.title,
      capacity: trainingSessions.capacity,
      status: trainingSessions.status,
      startsAt: trainingSessions.startsAt,
      endsAt: trainingSessions.endsAt,
      timeZone: trainingSessions.timeZone,
      mode: trainingSessions.mode,
      /** Never send this to a page: it is the key of the check-in codes. */
      checkInSecret: trainingSessions.checkInSecret,
    })
    .from(trainingSessions)
    .innerJoin(courses, eq(courses.id, trainingSessions.courseId))
    .innerJoin(programs, eq(programs.id, courses.programId))
    .where(and(eq(trainingSessions.id, sessionId), ownScope(actor)));
  return session ?? null;
}
