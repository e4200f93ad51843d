import { useTranslation } from "react-i18next";
import { CONTENT_FIELDS } from "~/validation/localized-fields";
import { languageName } from "~/utils/format";
import { TextField, type SchemaForm } from "./forms";

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
