import { Form } from "react-router";
import { useTranslation } from "react-i18next";
import { ProgramSchema } from "~/validation/manage";
import { FormMessage, SelectField, useSchemaForm, type ServerFormFailure } from "./forms";
import { LanguagesField, LocalizedFields } from "./localized-fields";

/** Creating and editing a program: its domain, titles and summaries per language, languages. */
export function ProgramForm({
  domains,
  values,
  failure,
  submitLabel,
}: {
  domains: { slug: string; name: string }[];
  values: Record<string, string>;
  failure: ServerFormFailure | undefined;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(ProgramSchema, failure);
  return (
    <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
      <FormMessage message={failure ? t("validation.formErrors") : null} />
      <SelectField
        {...form.field("domain")}
        defaultValue={form.valueOf("domain") ?? values.domain ?? ""}
        label={t("manage.domain")}
        options={domains.map((d) => ({ value: d.slug, label: d.name }))}
        placeholder="—"
        required
      />
      <LocalizedFields form={form} base="title" labelKey="manage.titleIn" values={values} />
      <LocalizedFields form={form} base="summary" labelKey="manage.summaryIn" values={values} multiline />
      <LanguagesField form={form} values={values} />
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}
