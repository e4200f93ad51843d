// Plain values with no drizzle import, so browser code can use them without pulling in the ORM.
export const SESSION_MODES = ["online", "offline", "hybrid"] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export const SESSION_STATUSES = ["draft", "published", "cancelled", "completed"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const USER_ROLES = ["trainee", "staff", "organizer"] as const;
export type UserRole = (typeof USER_ROLES)[number];
