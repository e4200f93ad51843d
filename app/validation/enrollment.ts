import { z } from "zod";
import { idField } from "./fields";
import { CancelSessionSchema } from "./manage";

/** Staff removing a trainee's place: which one, and why (the trainee reads the reason). */
export const RemoveRegistrantSchema = CancelSessionSchema.extend({
  registrationId: idField,
});

const idList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]))
  .pipe(z.array(idField).max(10_000));

/** Staff marking one day: the places shown on their screen, and which of those were present. */
export const MarkAttendanceSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "validation.required"),
  listed: idList,
  present: idList,
});

/** A trainee's check-in code: six digits, spaces forgiven. */
export const CheckInSchema = z.object({
  code: z
    .string()
    .transform((value) => value.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "checkIn.codeFormat")),
});
