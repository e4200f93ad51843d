import type { SessionStatus } from "../../db/schema/enums";
import { seatsLeft as seatsLeftIn } from "./seats";

/** What a trainee can do about a session right now, derived from its window and its rows' counts. */
export type Availability =
  | { kind: "open"; seatsLeft: number; closesAt: Date }
  | { kind: "full"; waitlisted: number; closesAt: Date }
  | { kind: "not_yet_open"; opensAt: Date }
  | { kind: "closed" }
  | { kind: "cancelled" }
  | { kind: "past" };

export function describeAvailability(
  session: {
    status: SessionStatus;
    startsAt: Date;
    capacity: number;
    confirmed: number;
    waitlisted: number;
    enrollmentOpensAt: Date;
    enrollmentClosesAt: Date;
  },
  now: Date,
): Availability {
  if (session.status === "cancelled") return { kind: "cancelled" };
  if (session.status === "completed" || session.startsAt <= now) return { kind: "past" };
  if (now < session.enrollmentOpensAt) return { kind: "not_yet_open", opensAt: session.enrollmentOpensAt };
  if (now >= session.enrollmentClosesAt) return { kind: "closed" };
  const seatsLeft = seatsLeftIn(session);
  const closesAt = session.enrollmentClosesAt;
  if (seatsLeft > 0) return { kind: "open", seatsLeft, closesAt };
  return { kind: "full", waitlisted: session.waitlisted, closesAt };
}
