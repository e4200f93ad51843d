import { Form } from "react-router";
import { useTranslation } from "react-i18next";
import { SESSION_MODES } from "../../db/schema/enums";
import { SessionSchema } from "~/validation/manage";
import { FormMessage, SelectField, TextField, useSchemaForm, type ServerFormFailure } from "./forms";
import { LanguagesField, LocalizedFields } from "./localized-fields";

/** Zones offered in the list; any valid IANA zone may be typed. */
const COMMON_ZONES = [
  "Asia/Shanghai",
  "Europe/Moscow",
  "America/Sao_Paulo",
  "Asia/Kolkata",
  "Africa/Johannesburg",
  "Africa/Cairo",
  "Asia/Dubai",
  "Asia/Jakarta",
  "UTC",
];

/** The training session editor, for a new session and an existing one alike. */
export function SessionEditor({
  courses,
  values,
  failure,
  isDraft,
}: {
  courses: { value: string; label: string }[];
  values: Record<string, string>;
  failure: ServerFormFailure | undefined;
  isDraft: boolean;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(SessionSchema, failure);
  const value = (name: string) => form.valueOf(name) ?? values[name] ?? "";
  const field = (name: string) => ({ ...form.field(name), defaultValue: value(name) });
  return (
    <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
      <FormMessage message={failure ? t("validation.formErrors") : null} />
      <SelectField {...field("course")} label={t("manage.course")} options={courses} placeholder="—" required />
      <LocalizedFields
        form={form}
        base="title"
        labelKey="manage.titleIn"
        values={values}
        hint={t("manage.sessionTitleHint")}
      />
      <LocalizedFields form={form} base="summary" labelKey="manage.summaryIn" values={values} multiline />
      <SelectField
        {...field("mode")}
        label={t("manage.mode")}
        options={SESSION_MODES.map((mode) => ({ value: mode, label: t(`session.mode.${mode}`) }))}
        required
      />
      <TextField {...field("timeZone")} label={t("manage.timeZone")} list="time-zones" required />
      <datalist id="time-zones">
        {COMMON_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <TextField {...field("startsLocal")} type="datetime-local" label={t("manage.starts")} required />
      <TextField {...field("endsLocal")} type="datetime-local" label={t("manage.ends")} required />
      <TextField {...field("opensLocal")} type="datetime-local" label={t("manage.opens")} required />
      <TextField {...field("closesLocal")} type="datetime-local" label={t("manage.closes")} required />
      <TextField {...field("capacity")} type="number" label={t("manage.capacity")} required />
      <LocalizedFields form={form} base="venue" labelKey="manage.venueIn" values={values} />
      <TextField {...field("joinUrl")} type="url" label={t("manage.joinUrl")} />
      <LocalizedFields form={form} base="coHost" labelKey="manage.coHostIn" values={values} />
      <LanguagesField form={form} values={values} />
      <p className="form-actions">
        <button type="submit" name="intent" value="save" className={isDraft ? "button--secondary" : undefined}>
          {isDraft ? t("manage.saveDraft") : t("manage.save")}
        </button>
        {isDraft ? (
          <button type="submit" name="intent" value="publish">
            {t("manage.publish")}
          </button>
        ) : null}
      </p>
    </Form>
  );
}
