import { z } from "zod";
import { isCalendarDate, isCalendarDateTime } from "./calendar-date";
import { idField } from "./fields";
import { SESSION_MODES } from "../../db/schema/enums";
import { isValidTimeZone } from "~/utils/time-zone";
import { CONTENT_FIELDS, INSTRUCTION_LANGUAGES } from "./localized-fields";

/** The name of a record in its URL, e.g. xiamen-university. */
const slugField = z
  .string({ required_error: "validation.required" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,79}$/, "validation.slug");

const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional();
// The shape first ("enter a date"), then whether that day exists ("there is no such day").
const localDateTime = z
  .string({ required_error: "validation.required" })
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "validation.dateTime")
  .refine(isCalendarDateTime, "validation.noSuchDay");
const calendarDate = z
  .string({ required_error: "validation.required" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date")
  .refine(isCalendarDate, "validation.noSuchDay");

/** title_en, title_zh, … each optional; at least one is checked by `requireOneLanguage`. */
function localized(base: string, max: number) {
  return Object.fromEntries(CONTENT_FIELDS.map(({ suffix }) => [`${base}_${suffix}`, optionalText(max)]));
}

function requireOneLanguage(base: string) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const any = CONTENT_FIELDS.some(
      ({ suffix }) => typeof value[`${base}_${suffix}`] === "string" && String(value[`${base}_${suffix}`]).trim(),
    );
    if (!any) ctx.addIssue({ code: "custom", path: [`${base}_en`], message: "validation.oneLanguage" });
  };
}

const languagesField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(z.enum(INSTRUCTION_LANGUAGES)).min(1, "validation.languages"));

export const ProgramSchema = z
  .object({
    domain: z.string({ required_error: "validation.required" }).regex(/^[a-z0-9-]+$/, "validation.required"),
    ...localized("title", 200),
    ...localized("summary", 2000),
    languages: languagesField,
  })
  .superRefine(requireOneLanguage("title"));

export const CourseSchema = z
  .object({
    program: idField,
    code: z
      .string({ required_error: "validation.required" })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, "validation.courseCode"),
    ...localized("title", 200),
    ...localized("summary", 2000),
    hours: z.coerce
      .number({ invalid_type_error: "validation.hours" })
      .int("validation.hours")
      .min(1, "validation.hours")
      .max(2000, "validation.hours"),
    level: z.enum(["introductory", "intermediate", "advanced"], {
      errorMap: () => ({ message: "validation.required" }),
    }),
    languages: languagesField,
  })
  .superRefine(requireOneLanguage("title"));

export const SessionSchema = z
  .object({
    course: idField,
    ...localized("title", 200),
    ...localized("summary", 2000),
    ...localized("venue", 300),
    ...localized("coHost", 300),
    mode: z.enum(SESSION_MODES, { errorMap: () => ({ message: "validation.required" }) }),
    timeZone: z.string({ required_error: "validation.required" }).trim().refine(isValidTimeZone, "validation.timeZone"),
    startsLocal: localDateTime,
    endsLocal: localDateTime,
    opensLocal: localDateTime,
    closesLocal: localDateTime,
    capacity: z.coerce
      .number({ invalid_type_error: "validation.capacity" })
      .int("validation.capacity")
      .min(1, "validation.capacity")
      .max(100_000, "validation.capacity"),
    joinUrl: z
      .string()
      .trim()
      .max(500, "validation.tooLong")
      .refine((v) => v === "" || /^https:\/\/\S+$/.test(v), "validation.url")
      .optional(),
    languages: languagesField,
  })
  .superRefine((value, ctx) => {
    // Wall-clock times in one zone compare as text (same format, same zone).
    if (value.endsLocal <= value.startsLocal)
      ctx.addIssue({ code: "custom", path: ["endsLocal"], message: "validation.endAfterStart" });
    if (value.closesLocal > value.startsLocal)
      ctx.addIssue({ code: "custom", path: ["closesLocal"], message: "validation.closesBeforeStart" });
    if (value.opensLocal > value.closesLocal)
      ctx.addIssue({ code: "custom", path: ["opensLocal"], message: "validation.opensBeforeCloses" });
  });

export const CancelSessionSchema = z.object({
  reason: z
    .string({ required_error: "validation.reason" })
    .trim()
    .min(3, "validation.reason")
    .max(500, "validation.tooLong"),
});

/** The course editor's status buttons: the button pressed is the status wanted. */
export const CourseStatusSchema = z.object({ intent: z.enum(["draft", "published", "archived"]) });

export type SessionInput = z.infer<typeof SessionSchema>;
export type CourseInput = z.infer<typeof CourseSchema>;
export type ProgramInput = z.infer<typeof ProgramSchema>;

export const InstitutionSchema = z
  .object({
    slug: slugField,
    ...localized("name", 200),
    ...localized("city", 100),
    kind: z.enum(["university", "vocational_college", "technician_college", "research_institute", "organizer_office"], {
      errorMap: () => ({ message: "validation.required" }),
    }),
    memberSince: calendarDate,
  })
  .superRefine(requireOneLanguage("name"))
  .superRefine(requireOneLanguage("city"));

export const DomainSchema = z
  .object({
    slug: slugField,
    ...localized("name", 200),
    sortOrder: z.coerce
      .number({ invalid_type_error: "validation.sortOrder" })
      .int("validation.sortOrder")
      .min(0, "validation.sortOrder")
      .max(999, "validation.sortOrder"),
  })
  .superRefine(requireOneLanguage("name"));

export const MembershipSchema = z
  .object({
    group: z.string({ required_error: "validation.required" }).regex(/^[a-z0-9-]+$/, "validation.required"),
    country: z.string({ required_error: "validation.country" }).regex(/^[A-Z]{2}$/, "validation.country"),
    since: calendarDate,
    until: z
      .string()
      .regex(/^(\d{4}-\d{2}-\d{2})?$/, "validation.date")
      .refine((value) => value === "" || isCalendarDate(value), "validation.noSuchDay")
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((value, ctx) => {
    if (value.until && value.until <= value.since)
      ctx.addIssue({ code: "custom", path: ["until"], message: "validation.untilAfterSince" });
  });

export type InstitutionInput = z.infer<typeof InstitutionSchema>;
export type DomainInput = z.infer<typeof DomainSchema>;
export type MembershipInput = z.infer<typeof MembershipSchema>;

/** A name for a new API token, so organizers can tell their tools' tokens apart. */
export const ApiTokenSchema = z.object({
  name: z.string().trim().min(1, "validation.required").max(80, "validation.tooLong"),
});
