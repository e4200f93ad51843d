import { z } from "zod";

// Messages are i18n keys: the form translates them in the user's language, in the browser and
// on the server alike.

export const emailField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(254, "validation.tooLong")
  .email("validation.email")
  .transform((value) => value.toLowerCase());

/** The length rules only; the common-password check needs the server's list. */
export const newPasswordField = z
  .string({ required_error: "validation.required" })
  .min(8, "validation.passwordTooShort")
  .max(200, "validation.passwordTooLong");

/** A password being checked, not chosen: any non-empty text. */
export const passwordField = z
  .string({ required_error: "validation.required" })
  .min(1, "validation.required")
  .max(200, "validation.passwordTooLong");

export const nameField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(120, "validation.tooLong");

export const countryField = z
  .string({ required_error: "validation.country" })
  .regex(/^[A-Z]{2}$/, "validation.country");

export const organizationField = z
  .string()
  .trim()
  .max(200, "validation.tooLong")
  .optional()
  .transform((value) => (value ? value : null));

/**
 * The largest id a record has: PostgreSQL's integer columns stop there (SQLite's go further, but
 * both engines hold the same ids). A larger one, asked for, finds nothing on either engine; sent
 * to PostgreSQL as it is, it would fail the query instead.
 */
export const MAX_ID = 2_147_483_647;

/** A record's id in a form or a query (a program, a place): a positive integer up to MAX_ID. */
export const idField = z.coerce
  .number({ invalid_type_error: "validation.required" })
  .int("validation.required")
  .positive("validation.required")
  .max(MAX_ID, "validation.required");

/** A record's id written in a path or a field ("42"), or null for anything else. */
export function idFromText(value: string | undefined): number | null {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value)) return null;
  const id = Number(value);
  return id <= MAX_ID ? id : null;
}

/** A page number in a list's query (`?page=`): anything else, a stale or hand-edited link, is page 1. */
export const pageNumberField = z.coerce.number().int().min(1).max(10_000).catch(1);
