import { useTranslation } from "react-i18next";
import { SelectField, TextField, type SchemaForm } from "./forms";

// The fields that several account forms share (sign-up, invitation, profile, reset, sign-in).

export function EmailField({ form, label }: { form: SchemaForm; label?: string }) {
  const { t } = useTranslation();
  return (
    <TextField {...form.field("email")} label={label ?? t("auth.email")} type="email" autoComplete="email" required />
  );
}

type PasswordFieldProps = { form: SchemaForm; name?: string; label?: string };

/** A password field: never refilled after an error; a new one gets the hint and the browser's generator. */
function PasswordField({ form, name = "password", label, isNew }: PasswordFieldProps & { isNew: boolean }) {
  const { t } = useTranslation();
  return (
    <TextField
      {...form.field(name)}
      defaultValue={undefined}
      label={label ?? t("auth.password")}
      type="password"
      autoComplete={isNew ? "new-password" : "current-password"}
      hint={isNew ? t("auth.passwordHint") : undefined}
      required
    />
  );
}

/** A password being chosen. */
export const NewPasswordField = (props: PasswordFieldProps) => <PasswordField {...props} isNew />;

/** A password being checked (sign-in, confirmation). */
export const CurrentPasswordField = (props: PasswordFieldProps) => <PasswordField {...props} isNew={false} />;

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
