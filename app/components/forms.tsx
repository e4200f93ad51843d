import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "react-router";
import { useEffect, useId, type FormEvent, type ReactNode } from "react";
import { useForm, type FieldValues, type UseFormRegister } from "react-hook-form";
import { useTranslation } from "react-i18next";
import type { z } from "zod";

export type ServerFormFailure = {
  fieldErrors: Record<string, string>;
  formError?: string;
  values: Record<string, string>;
};

/**
 * react-hook-form with the form's zod schema for instant checks in the browser. The form still
 * posts as a plain HTML form: without JavaScript the server runs the same schema.
 */
export function useSchemaForm<S extends z.ZodTypeAny>(schema: S, failure: ServerFormFailure | undefined | null) {
  const form = useForm<FieldValues>({ resolver: zodResolver(schema), mode: "onTouched" });
  const submit = useSubmit();
  // After a refused submission, empty the password fields, as a full page load would.
  useEffect(() => {
    if (!failure) return;
    for (const name of Object.keys(form.getValues())) {
      if (/password/i.test(name)) form.setValue(name, "");
    }
    // Start "dirty" afresh: a server error shows until the person edits that field again.
    form.reset(form.getValues(), { keepValues: true, keepErrors: false });
  }, [failure, form]);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    event.preventDefault();
    // The form's own fields are the truth: typing before hydration or browser autofill can
    // change them without an event react-hook-form saw.
    const formData = new FormData(element);
    for (const name of Object.keys(form.getValues())) {
      const values = formData.getAll(name).filter((v): v is string => typeof v === "string");
      form.setValue(name, values.length > 1 ? values : values[0]);
    }
    // Submit through the button pressed, so its name and value (an `intent`) are sent too.
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const target = submitter instanceof HTMLButtonElement && submitter.name ? submitter : element;
    if (await form.trigger()) void submit(target);
  };
  const errorFor = (name: string): string | undefined => {
    const clientError = form.formState.errors[name]?.message;
    if (typeof clientError === "string") return clientError;
    if (form.formState.dirtyFields[name]) return undefined;
    return failure?.fieldErrors[name];
  };
  const valueOf = (name: string) => failure?.values[name];
  /** The props every field of this form needs: its name, registration, error and kept value. */
  const field = (name: string) => ({
    name,
    register: form.register,
    error: errorFor(name),
    defaultValue: valueOf(name),
  });
  return { register: form.register, onSubmit, errorFor, valueOf, field };
}

export type SchemaForm = ReturnType<typeof useSchemaForm>;

type FieldProps = {
  label: string;
  name: string;
  register: UseFormRegister<FieldValues>;
  error?: string;
  hint?: string;
};

/** A labelled input whose error and hint are tied to it for screen readers. */
export function TextField({
  label,
  name,
  register,
  error,
  hint,
  type = "text",
  autoComplete,
  defaultValue,
  required,
  multiline,
  list,
  inputMode,
}: FieldProps & {
  type?: string;
  inputMode?: "numeric" | "email" | "text";
  autoComplete?: string;
  defaultValue?: string;
  required?: boolean;
  multiline?: boolean;
  /** The id of a <datalist> of suggestions. */
  list?: string;
}) {
  const id = useId();
  const { t } = useTranslation();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea
          id={id}
          rows={3}
          defaultValue={defaultValue}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          {...register(name)}
        />
      ) : (
        <input
          id={id}
          type={type}
          list={list}
          inputMode={inputMode}
          autoComplete={autoComplete}
          defaultValue={defaultValue}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          {...register(name)}
        />
      )}
      {hint ? (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} error={error ? t(error) : undefined} />
    </div>
  );
}

export function SelectField({
  label,
  name,
  register,
  error,
  options,
  defaultValue,
  placeholder,
  required,
}: FieldProps & {
  options: { value: string; label: string }[];
  defaultValue?: string;
  placeholder?: string;
  required?: boolean;
}) {
  const id = useId();
  const { t } = useTranslation();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register(name)}
      >
        {placeholder ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} error={error ? t(error) : undefined} />
    </div>
  );
}

export function CheckboxField({ label, name, register, error }: Omit<FieldProps, "label"> & { label: ReactNode }) {
  const id = useId();
  const { t } = useTranslation();
  return (
    <div className="field field--checkbox">
      <input
        id={id}
        type="checkbox"
        value="on"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...register(name)}
      />
      <label htmlFor={id}>{label}</label>
      <FieldError id={`${id}-error`} error={error ? t(error) : undefined} />
    </div>
  );
}

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return (
    <p id={id} className="field__error" role={error ? "alert" : undefined} hidden={!error}>
      {error}
    </p>
  );
}

/** The form-level message: shown above the fields, announced when it appears. */
export function FormMessage({
  message,
  tone = "error",
}: {
  message: string | undefined | null;
  tone?: "error" | "success";
}) {
  if (!message) return null;
  return (
    <p className={`notice notice--${tone}`} role={tone === "error" ? "alert" : "status"}>
      {message}
    </p>
  );
}

/** A group of checkboxes sharing one name; the values checked are sent as a list. */
export function CheckboxGroup({
  legend,
  name,
  register,
  error,
  options,
  checked,
}: Omit<FieldProps, "label"> & { legend: string; options: { value: string; label: string }[]; checked: string[] }) {
  const id = useId();
  const { t } = useTranslation();
  return (
    <fieldset className="field" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="checkbox-row">
        {options.map((option) => (
          <label key={option.value}>
            <input
              type="checkbox"
              value={option.value}
              defaultChecked={checked.includes(option.value)}
              {...register(name)}
            />{" "}
            {option.label}
          </label>
        ))}
      </div>
      <FieldError id={`${id}-error`} error={error ? t(error) : undefined} />
    </fieldset>
  );
}
