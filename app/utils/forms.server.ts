import type { z } from "zod";

/** What a refused form sends back: one i18n key per field, and what was typed (never passwords). */
export type FormFailure = {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: Record<string, string>;
};

const SECRET_FIELDS = /password/i;

/** Parses a form with the same zod schema the browser used; on failure, keeps what was typed. */
export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
): { success: true; data: z.infer<S> } | { success: false; failure: FormFailure } {
  const raw: Record<string, string> = {};
  for (const [key, value] of formData) {
    if (typeof value === "string") raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { success: true, data: parsed.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] ??= issue.message;
  }
  return { success: false, failure: { fieldErrors, values: keptValues(raw) } };
}

/** The typed values worth sending back to the form: everything but secrets. */
export function keptValues(raw: Record<string, string> | FormData): Record<string, string> {
  const entries =
    raw instanceof FormData
      ? [...raw].filter((e): e is [string, string] => typeof e[1] === "string")
      : Object.entries(raw);
  return Object.fromEntries(entries.filter(([key]) => !SECRET_FIELDS.test(key)));
}

/** A failure with errors found after parsing, by the model (e-mail taken, common password). */
export function fieldFailure(formData: FormData, fieldErrors: Record<string, string>, formError?: string): FormFailure {
  return { fieldErrors, formError, values: keptValues(formData) };
}
