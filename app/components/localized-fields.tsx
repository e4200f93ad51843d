import { useTranslation } from "react-i18next";
import { CONTENT_FIELDS, INSTRUCTION_LANGUAGES } from "~/validation/localized-fields";
import { languageName } from "~/utils/format";
import { CheckboxGroup, TextField, type SchemaForm } from "./forms";

/** One input per content language (English, Chinese, Russian, Portuguese) for a multilingual field. */
export function LocalizedFields({
  form,
  base,
  labelKey,
  values,
  multiline,
  hint,
}: {
  form: SchemaForm;
  base: string;
  labelKey: string;
  values: Record<string, string>;
  multiline?: boolean;
  hint?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {CONTENT_FIELDS.map(({ locale, suffix }) => {
        const props = form.field(`${base}_${suffix}`);
        return (
          <TextField
            key={suffix}
            {...props}
            defaultValue={props.defaultValue ?? values[`${base}_${suffix}`] ?? ""}
            label={t(labelKey, { language: languageName(locale.split("-")[0] ?? locale, i18n.language) })}
            multiline={multiline}
            hint={suffix === "en" ? hint : undefined}
          />
        );
      })}
    </>
  );
}

/** The languages of instruction, as checkboxes (`languages`, a comma-joined value to start from). */
export function LanguagesField({ form, values }: { form: SchemaForm; values: Record<string, string> }) {
  const { t, i18n } = useTranslation();
  return (
    <CheckboxGroup
      {...form.field("languages")}
      legend={t("manage.languages")}
      options={INSTRUCTION_LANGUAGES.map((code) => ({ value: code, label: languageName(code, i18n.language) }))}
      checked={(form.valueOf("languages") ?? values.languages ?? "en,zh").split(",")}
    />
  );
}
