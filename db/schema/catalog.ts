import { sql } from "drizzle-orm";
import { check, index, integer, table, text } from "./dialect";
import { createdAt, instant, languageList, localizedText } from "./columns";
import { institutions } from "./institutions";

/** The catalog's top-level subject areas; data that organizers edit, not code. */
export const domains = table("domains", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: localizedText("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

export const programs = table(
  "programs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    institutionId: integer("institution_id")
      .notNull()
      .references(() => institutions.id),
    domainId: integer("domain_id")
      .notNull()
      .references(() => domains.id),
    title: localizedText("title").notNull(),
    summary: localizedText("summary").notNull(),
    languages: languageList("languages"),
    createdAt: createdAt(),
  },
  (t) => [index("programs_institution_idx").on(t.institutionId), index("programs_domain_idx").on(t.domainId)],
);

export const COURSE_LEVELS = ["introductory", "intermediate", "advanced"] as const;
export const COURSE_STATUSES = ["draft", "published", "archived"] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];

export const courses = table(
  "courses",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    programId: integer("program_id")
      .notNull()
      .references(() => programs.id),
    code: text("code").notNull().unique(),
    title: localizedText("title").notNull(),
    summary: localizedText("summary").notNull(),
    hours: integer("hours").notNull(),
    level: text("level", { enum: COURSE_LEVELS }).notNull(),
    languages: languageList("languages"),
    status: text("status", { enum: COURSE_STATUSES }).notNull().default("draft"),
    createdAt: createdAt(),
  },
  (t) => [
    index("courses_program_status_idx").on(t.programId, t.status),
    check("courses_hours_positive", sql`${t.hours} > 0`),
  ],
);

import { SESSION_MODES, SESSION_STATUSES } from "./enums";
export { SESSION_MODES, SESSION_STATUSES, type SessionMode, type SessionStatus } from "./enums";

/** A scheduled run of a course. Instants are UTC; `timeZone` is the IANA zone it is held in. */
export const trainingSessions = table(
  "training_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    courseId: integer("course_id")
      .notNull()
      .references(() => courses.id),
    /** Overrides the course title when set (a special edition, a co-hosted run). */
    title: localizedText("title"),
    summary: localizedText("summary"),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    timeZone: text("time_zone").notNull().default("Asia/Shanghai"),
    mode: text("mode", { enum: SESSION_MODES }).notNull(),
    venue: localizedText("venue"),
    /** Shown only to confirmed trainees. */
    joinUrl: text("join_url"),
    capacity: integer("capacity").notNull(),
    enrollmentOpensAt: instant("enrollment_opens_at").notNull(),
    enrollmentClosesAt: instant("enrollment_closes_at").notNull(),
    coHost: localizedText("co_host"),
    languages: languageList("languages"),
    status: text("status", { enum: SESSION_STATUSES }).notNull().default("draft"),
    cancellationReason: text("cancellation_reason"),
    /** Key of the rotating self check-in code; set when staff first open the check-in screen. */
    checkInSecret: text("check_in_secret"),
    createdAt: createdAt(),
  },
  (t) => [
    index("training_sessions_status_starts_idx").on(t.status, t.startsAt),
    index("training_sessions_course_starts_idx").on(t.courseId, t.startsAt),
    index("training_sessions_starts_idx").on(t.startsAt),
    check("training_sessions_ends_after_start", sql`${t.endsAt} > ${t.startsAt}`),
    check("training_sessions_capacity_positive", sql`${t.capacity} >= 1`),
    check(
      "training_sessions_enrollment_window",
      sql`${t.enrollmentOpensAt} <= ${t.enrollmentClosesAt} and ${t.enrollmentClosesAt} <= ${t.startsAt}`,
    ),
  ],
);

export type Domain = typeof domains.$inferSelect;
export type Program = typeof programs.$inferSelect;
export type Course = typeof courses.$inferSelect;
export type TrainingSession = typeof trainingSessions.$inferSelect;
