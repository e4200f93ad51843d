import { eq, type SQL } from "drizzle-orm";
import { programs } from "../../db/schema";
import type { SessionUser } from "../utils/session.server";

/** Who is acting, as the console's and the roster's rules need it. */
export type Actor = Pick<SessionUser, "id" | "role" | "institutionId">;

/**
 * The condition that keeps a query to the rows an actor may touch, through `programs`:
 * organizers reach every institution (no condition), staff their own, anyone else nothing.
 */
export function ownScope(actor: Actor): SQL | undefined {
  if (actor.role === "organizer") return undefined;
  // A trainee, or staff without an institution (impossible by the schema's CHECK), match nothing.
  return eq(programs.institutionId, actor.role === "staff" ? (actor.institutionId ?? -1) : -1);
}
