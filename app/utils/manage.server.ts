import type { SessionUser } from "./session.server";
import { requireRole } from "./auth.server";
import { CONSOLE_ROLES } from "./permissions";

/** Staff and organizers only: everyone else gets the login page or a 403. */
export function requireConsoleUser(request: Request): Promise<SessionUser> {
  return requireRole(request, CONSOLE_ROLES.manage);
}
