import { sql } from "drizzle-orm";
import { blob, check, index, integer, table, text, uniqueIndex } from "./dialect";
import { createdAt, instant } from "./columns";
import { countries } from "./countries";
import { institutions } from "./institutions";

import { USER_ROLES } from "./enums";
export { USER_ROLES, type UserRole } from "./enums";

export const users = table(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    /** argon2id; null for an invited person who has not set a password yet. */
    passwordHash: text("password_hash"),
    name: text("name").notNull(),
    countryCode: text("country_code")
      .notNull()
      .references(() => countries.code),
    organization: text("organization"),
    locale: text("locale").notNull().default("en"),
    role: text("role", { enum: USER_ROLES }).notNull().default("trainee"),
    /** Set for institution staff only. */
    institutionId: integer("institution_id").references(() => institutions.id),
    consentVersion: text("consent_version"),
    consentAt: instant("consent_at"),
    createdAt: createdAt(),
    /**
     * SHA-256 of the secret in the personal calendar feed's address (calendar apps cannot sign in).
     * Null when the person has no feed; replacing it revokes the old address.
     */
    calendarTokenHash: blob("calendar_token_hash", { mode: "buffer" }).unique(),
    /** Set when the person deleted their account: the row stays, anonymised, so statistics keep counting them once. */
    deletedAt: instant("deleted_at"),
  },
  (t) => [
    // E-mail is unique whatever its case: Ana@x.org and ana@x.org are one person.
    uniqueIndex("users_email_nocase_idx").on(sql`lower(${t.email})`),
    index("users_institution_idx").on(t.institutionId),
    index("users_country_idx").on(t.countryCode),
    check("users_staff_have_institution", sql`(${t.role} = 'staff') = (${t.institutionId} is not null)`),
  ],
);

/**
 * A signed-in browser. The cookie carries `id.secret`; only a SHA-256 of the secret is kept,
 * so a leaked database cannot be turned into live sessions.
 */
export const authSessions = table(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    secretHash: blob("secret_hash", { mode: "buffer" }).notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [index("auth_sessions_user_idx").on(t.userId)],
);

export const INVITABLE_ROLES = ["staff", "organizer"] as const;

/** An invitation to become institution staff or an organizer; the token is stored hashed, used once. */
export const invitations = table(
  "invitations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: blob("token_hash", { mode: "buffer" }).notNull().unique(),
    email: text("email").notNull(),
    role: text("role", { enum: INVITABLE_ROLES }).notNull(),
    institutionId: integer("institution_id").references(() => institutions.id),
    locale: text("locale").notNull().default("en"),
    invitedBy: integer("invited_by")
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    acceptedAt: instant("accepted_at"),
    /** An organizer took the invitation back before it was used: its link no longer works. */
    revokedAt: instant("revoked_at"),
    acceptedUserId: integer("accepted_user_id").references(() => users.id),
  },
  (t) => [
    index("invitations_email_idx").on(sql`lower(${t.email})`),
    check("invitations_staff_have_institution", sql`(${t.role} = 'staff') = (${t.institutionId} is not null)`),
  ],
);

/**
 * A sign-up waiting for its address to be confirmed: the account is made from it when the link
 * mailed to the address is followed (24 hours, stored hashed), and the row goes. Until then nothing
 * tells a visitor whether the address already had an account: both get the same answer, and the
 * owner of an existing one a mail saying so.
 */
export const signupRequests = table(
  "signup_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: blob("token_hash", { mode: "buffer" }).notNull().unique(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    countryCode: text("country_code")
      .notNull()
      .references(() => countries.code),
    organization: text("organization"),
    locale: text("locale").notNull(),
    /** Where to go once the account exists (a path of this site, checked when it was asked for). */
    redirectTo: text("redirect_to").notNull().default("/"),
    /** The privacy notice agreed to on the form: the account records it when it is made. */
    consentVersion: text("consent_version").notNull(),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
  },
  (t) => [index("signup_requests_email_idx").on(sql`lower(${t.email})`)],
);

/** A password reset link: single use, one hour, stored hashed. */
export const passwordResetTokens = table(
  "password_reset_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: blob("token_hash", { mode: "buffer" }).notNull().unique(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: instant("expires_at").notNull(),
    usedAt: instant("used_at"),
  },
  (t) => [index("password_reset_tokens_user_idx").on(t.userId)],
);

/**
 * Failed sign-ins by key ("account:<email>" or "ip:<address>"), kept in the database so every
 * worker process sees the same count.
 */
export const loginThrottle = table("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  windowStartedAt: instant("window_started_at").notNull(),
  lastFailureAt: instant("last_failure_at").notNull(),
});

export type User = typeof users.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type AuthSession = typeof authSessions.$inferSelect;
