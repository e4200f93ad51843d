import { Form } from "react-router";
import { useTranslation } from "react-i18next";
import { CourseSchema } from "~/validation/manage";
import { FormMessage, SelectField, TextField, useSchemaForm, type ServerFormFailure } from "./forms";
import { LanguagesField, LocalizedFields } from "./localized-fields";

/** Creating and editing a course: program, code, titles and summaries per language, hours, level. */
export function CourseForm({
  programs,
  values,
  failure,
  submitLabel,
}: {
  programs: { value: string; label: string }[];
  values: Record<string, string>;
  failure: ServerFormFailure | undefined;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(CourseSchema, failure);
  const field = (name: string) => ({ ...form.field(name), defaultValue: form.valueOf(name) ?? values[name] ?? "" });
  return (
    <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
      <FormMessage message={failure ? t("validation.formErrors") : null} />
      <input type="hidden" name="intent" value="save" />
      <SelectField {...field("program")} label={t("manage.program")} options={programs} placeholder="—" required />
      <TextField {...field("code")} label={t("manage.code")} required />
      <LocalizedFields form={form} base="title" labelKey="manage.titleIn" values={values} />
      <LocalizedFields form={form} base="summary" labelKey="manage.summaryIn" values={values} multiline />
      <TextField {...field("hours")} type="number" label={t("manage.hours")} required />
      <SelectField
        {...field("level")}
        label={t("manage.level")}
        options={(["introductory", "intermediate", "advanced"] as const).map((level) => ({
          value: level,
          label: t(`course.level.${level}`),
        }))}
        required
      />
      <LanguagesField form={form} values={values} />
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}
