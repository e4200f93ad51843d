import { sql } from "drizzle-orm";
import { check, index, integer, table, text, uniqueIndex, perEngine } from "./dialect";
import { createdAt, instant } from "./columns";
import { countries } from "./countries";
import { trainingSessions } from "./catalog";
import { users } from "./users";

export const REGISTRATION_STATUSES = ["confirmed", "waitlisted", "cancelled"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/**
 * A trainee's place (or waitlist entry) in a training session. One row per trainee and
 * session: enrolling again after a cancellation reuses the row.
 * The waitlist position is not stored: it is the rank of `queuedAt` among the session's
 * waitlisted rows, so it can never have gaps or go stale.
 */
export const registrations = table(
  "registrations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => trainingSessions.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    status: text("status", { enum: REGISTRATION_STATUSES }).notNull(),
    /** The trainee's country when they registered, so past statistics never move. */
    countryCode: text("country_code")
      .notNull()
      .references(() => countries.code),
    /** When the trainee joined the queue; orders the waitlist. */
    queuedAt: instant("queued_at").notNull(),
    createdAt: createdAt(),
    cancelledAt: instant("cancelled_at"),
    cancelledBy: integer("cancelled_by").references(() => users.id),
    cancellationReason: text("cancellation_reason"),
    /**
     * Days attended, kept by triggers on `attendance` (migration 0004), so statistics read one
     * row per registration instead of counting attendance rows for each.
     */
    attendedDays: integer("attended_days").notNull().default(0),
  },
  (t) => [
    uniqueIndex("registrations_session_user_idx").on(t.sessionId, t.userId),
    index("registrations_session_status_queue_idx").on(t.sessionId, t.status, t.queuedAt),
    index("registrations_user_idx").on(t.userId),
    index("registrations_country_session_idx").on(t.countryCode, t.sessionId),
  ],
);

export const ATTENDANCE_METHODS = ["manual", "check_in_code", "import"] as const;
export type AttendanceMethod = (typeof ATTENDANCE_METHODS)[number];

/** Attendance of one registration on one day (a calendar date in the session's time zone). */
export const attendance = table(
  "attendance",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    registrationId: integer("registration_id")
      .notNull()
      .references(() => registrations.id, { onDelete: "cascade" }),
    day: text("day").notNull(),
    attended: integer("attended", { mode: "boolean" }).notNull(),
    method: text("method", { enum: ATTENDANCE_METHODS }).notNull(),
    recordedAt: instant("recorded_at").notNull(),
    recordedBy: integer("recorded_by").references(() => users.id),
  },
  (t) => [
    uniqueIndex("attendance_registration_day_idx").on(t.registrationId, t.day),
    check(
      "attendance_day_format",
      perEngine({
        sqlite: sql`${t.day} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`,
        postgresql: sql`${t.day} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`,
      }),
    ),
  ],
);

export const NOTICE_KINDS = ["confirmed", "waitlisted", "promoted", "cancelled"] as const;
export const CANCELLED_BY = ["trainee", "staff", "session"] as const;

/**
 * What a trainee must be told about their place, written in the same transaction as the change
 * (a transactional outbox): a crash between the commit and the mail loses no message. Each
 * server process delivers pending rows, claiming them first so two processes never send one twice.
 */
export const enrollmentNotices = table(
  "enrollment_notices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    registrationId: integer("registration_id")
      .notNull()
      .references(() => registrations.id),
    kind: text("kind", { enum: NOTICE_KINDS }).notNull(),
    /** The waitlist position when the trainee joined it (what the mail says). */
    position: integer("position"),
    cancelledBy: text("cancelled_by", { enum: CANCELLED_BY }),
    reason: text("reason"),
    createdAt: createdAt(),
    claimedAt: instant("claimed_at"),
    sentAt: instant("sent_at"),
  },
  (t) => [index("enrollment_notices_pending_idx").on(t.sentAt, t.id)],
);

/**
 * An uploaded meeting attendance file (Zoom, Tencent Meeting, Teams…), kept between the upload,
 * the preview with its column mapping, and applying it. Applying twice writes the same rows.
 */
export const attendanceImports = table(
  "attendance_imports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sessionId: integer("session_id")
      .notNull()
      .references(() => trainingSessions.id, { onDelete: "cascade" }),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    fileName: text("file_name").notNull(),
    /** The rows above the header the reader found (an export's meeting details), for choosing another. */
    preamble: text("preamble", { mode: "json" }).$type<string[][]>().notNull().default([]),
    /** The header row's cells. */
    headers: text("headers", { mode: "json" }).$type<string[]>().notNull(),
    /** The data rows, as text cells under `headers`. */
    rows: text("rows", { mode: "json" }).$type<string[][]>().notNull(),
    createdAt: createdAt(),
    appliedAt: instant("applied_at"),
    /** What the last application did (counts), for the result page. */
    result: text("result", { mode: "json" }).$type<Record<string, number>>(),
  },
  (t) => [index("attendance_imports_session_idx").on(t.sessionId)],
);

export type Registration = typeof registrations.$inferSelect;
export type Attendance = typeof attendance.$inferSelect;
