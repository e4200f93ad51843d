import { z } from "zod";

/** What a refused form sends back: one i18n key per field, and what was typed (never passwords). */
export type FormFailure = {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: Record<string, string>;
};

const SECRET_FIELDS = /password/i;

const CATALOG_KEY = /^[a-zA-Z]+(\.[\w-]+)+$/;

/**
 * Messages for what a schema has no message of its own for: a field missing from a crafted
 * post, a name sent twice, a list where a value belongs. Every message a form shows is a key
 * of the catalog, so it reads in the person's language. A contextual map outranks the schema's
 * own (`required_error`, `errorMap`), whose message arrives as `defaultError`: that one is kept.
 */
const formErrorMap: z.ZodErrorMap = (issue, ctx) => {
  if (CATALOG_KEY.test(ctx.defaultError)) return { message: ctx.defaultError };
  if (issue.code === z.ZodIssueCode.invalid_type && issue.received === "undefined")
    return { message: "validation.required" };
  if (issue.code === z.ZodIssueCode.too_big && issue.type === "string") return { message: "validation.tooLong" };
  return { message: "validation.invalid" };
};

/** A form's values (a string per name, a list for a repeated name) against its schema; errors are catalog keys. */
export function parseFormValues<S extends z.ZodTypeAny>(
  schema: S,
  raw: Record<string, string | string[]>,
): { success: true; data: z.infer<S> } | { success: false; fieldErrors: Record<string, string> } {
  const parsed = schema.safeParse(raw, { errorMap: formErrorMap });
  if (parsed.success) return { success: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] ??= issue.message;
  }
  return { success: false, fieldErrors };
}

/** Parses a form with the same zod schema the browser used; on failure, keeps what was typed. */
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
): { success: true; data: z.infer<S> } | { success: false; failure: FormFailure } {
  // A name sent once is a string; sent several times (checkboxes), a list.
  const raw: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = values.length > 1 ? values : (values[0] ?? "");
  }
  const parsed = parseFormValues(schema, raw);
  if (parsed.success) return parsed;
  return { success: false, failure: { fieldErrors: parsed.fieldErrors, values: keptValues(formData) } };
}

/** The typed values worth sending back to the form: everything but secrets; repeated names joined by commas. */
export function keptValues(raw: Record<string, string> | FormData): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = raw instanceof FormData ? [...raw] : Object.entries(raw);
  for (const [key, value] of entries) {
    if (typeof value !== "string" || SECRET_FIELDS.test(key)) continue;
    out[key] = key in out ? `${out[key]},${value}` : value;
  }
  return out;
}

/** A failure with errors found after parsing, by the model (e-mail taken, common password). */
export function fieldFailure(formData: FormData, fieldErrors: Record<string, string>, formError?: string): FormFailure {
  return { fieldErrors, formError, values: keptValues(formData) };
}
