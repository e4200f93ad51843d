import { z } from "zod";

/** What a column of an attendance file can hold. */
export const COLUMN_ROLES = ["email", "name", "minutes", "day", "leave", "country"] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

const column = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : Number(value)))
  .pipe(z.number().int().min(0).max(500).optional());

/**
 * The file's row holding the column names, counted from its first row; when absent or not a
 * number, the one the reader found (`undefined` here).
 */
export const headerRowField = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value === "" ? undefined : Number(value)))
  .pipe(z.number().int().min(0).max(1_000).optional())
  .catch(undefined);

/**
 * How to read an uploaded attendance file: which column holds what (by index, "" for none), the header row,
 * the day when there is no join-time column, the minimum minutes that count as present, and
 * whether attendees without a place get one.
 */
export const ImportOptionsSchema = z.object({
  header: headerRowField,
  email: column.pipe(z.number({ required_error: "attendanceImport.emailColumnRequired" })),
  name: column,
  minutes: column,
  day: column,
  leave: column,
  country: column,
  fixedDay: z
    .string()
    .optional()
    .transform((value) => value || null)
    .pipe(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .nullable(),
    ),
  minMinutes: z.coerce
    .number({ invalid_type_error: "attendanceImport.minMinutesInvalid" })
    .min(0, "attendanceImport.minMinutesInvalid")
    .max(1440, "attendanceImport.minMinutesInvalid")
    .default(30),
  addMissing: z
    .string()
    .optional()
    .transform((value) => value === "on" || value === "1"),
});

export type ImportOptionsInput = z.infer<typeof ImportOptionsSchema>;
