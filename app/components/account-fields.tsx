import { useTranslation } from "react-i18next";
import { SelectField, TextField, type SchemaForm } from "./forms";

// The fields that several account forms share (sign-up, invitation, profile, reset, sign-in).

export function EmailField({ form, label }: { form: SchemaForm; label?: string }) {
  const { t } = useTranslation();
  return (
    <TextField {...form.field("email")} label={label ?? t("auth.email")} type="email" autoComplete="email" required />
  );
}

/** A password being chosen: with the hint, never refilled after an error. */
export function NewPasswordField({
  form,
  name = "password",
  label,
}: {
  form: SchemaForm;
  name?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      {...form.field(name)}
      defaultValue={undefined}
      label={label ?? t("auth.password")}
      type="password"
      autoComplete="new-password"
      hint={t("auth.passwordHint")}
      required
    />
  );
}

/** A password being checked (sign-in, confirmation): never refilled after an error. */
export function CurrentPasswordField({
  form,
  name = "password",
  label,
}: {
  form: SchemaForm;
  name?: string;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      {...form.field(name)}
      defaultValue={undefined}
      label={label ?? t("auth.password")}
      type="password"
      autoComplete="current-password"
      required
    />
  );
}

export function PersonNameField({ form, defaultValue }: { form: SchemaForm; defaultValue?: string }) {
  const { t } = useTranslation();
  const props = form.field("name");
  return (
    <TextField
      {...props}
      defaultValue={props.defaultValue ?? defaultValue}
      label={t("auth.name")}
      autoComplete="name"
      required
    />
  );
}

export function CountryField({
  form,
  options,
  defaultValue,
}: {
  form: SchemaForm;
  options: { value: string; label: string }[];
  defaultValue?: string;
}) {
  const { t } = useTranslation();
  const props = form.field("country");
  return (
    <SelectField
      {...props}
      defaultValue={props.defaultValue ?? defaultValue}
      label={t("auth.country")}
      options={options}
      placeholder={defaultValue ? undefined : t("auth.chooseCountry")}
      required
    />
  );
}

export function OrganizationField({ form, defaultValue }: { form: SchemaForm; defaultValue?: string }) {
  const { t } = useTranslation();
  const props = form.field("organization");
  return (
    <TextField
      {...props}
      defaultValue={props.defaultValue ?? defaultValue}
      label={t("auth.organization")}
      autoComplete="organization"
    />
  );
}
