import type { UserRole } from "../../db/schema/enums";

/** Who may open which console. Institution data is scoped again in each query. */
export const CONSOLE_ROLES = {
  manage: ["staff", "organizer"],
  admin: ["organizer"],
} as const satisfies Record<string, readonly UserRole[]>;
