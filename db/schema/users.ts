import { sql } from "drizzle-orm";
import { blob, check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { createdAt, instant } from "./columns";
import { countries } from "./countries";
import { institutions } from "./institutions";

export const USER_ROLES = ["trainee", "staff", "organizer"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = sqliteTable(
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
export const authSessions = sqliteTable(
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

export type User = typeof users.$inferSelect;
export type AuthSession = typeof authSessions.$inferSelect;
