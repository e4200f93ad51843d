import { Form } from "react-router";
import { useTranslation } from "react-i18next";
import { InstitutionSchema } from "~/validation/manage";
import { FormMessage, SelectField, TextField, useSchemaForm, type ServerFormFailure } from "./forms";
import { LocalizedFields } from "./localized-fields";

const KINDS = [
  "university",
  "vocational_college",
  "technician_college",
  "research_institute",
  "organizer_office",
] as const;

export function InstitutionForm({
  values,
  failure,
  submitLabel,
}: {
  values: Record<string, string>;
  failure: ServerFormFailure | undefined;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(InstitutionSchema, failure);
  const field = (name: string) => ({ ...form.field(name), defaultValue: form.valueOf(name) ?? values[name] ?? "" });
  return (
    <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
      <FormMessage message={failure ? t("validation.formErrors") : null} />
      <input type="hidden" name="intent" value="save" />
      <TextField {...field("slug")} label={t("admin.slug")} required />
      <LocalizedFields form={form} base="name" labelKey="admin.nameIn" values={values} />
      <LocalizedFields form={form} base="city" labelKey="admin.cityIn" values={values} />
      <SelectField
        {...field("kind")}
        label={t("admin.kind")}
        options={KINDS.map((k) => ({ value: k, label: t(`institution.kind.${k}`) }))}
        required
      />
      <TextField {...field("memberSince")} type="date" label={t("admin.memberSince")} required />
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}
