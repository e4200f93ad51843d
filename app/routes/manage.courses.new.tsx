import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxGroup, FormMessage, SelectField, TextField, useSchemaForm } from "~/components/forms";
import { LocalizedFields } from "~/components/localized-fields";
import { getTranslator } from "~/i18n/i18next.server";
import { createCourse, listOwnPrograms } from "~/models/manage-catalog.server";
import { languageName } from "~/utils/format";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { CourseSchema } from "~/validation/manage";

export const meta = pageTitleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireConsoleUser(request);
  const { locale, t } = await getTranslator(request);
  return {
    pageTitle: t("manage.newCourse"),
    programs: listOwnPrograms({ actor, locale }),
    program: new URL(request.url).searchParams.get("program") ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireConsoleUser(request);
  const formData = await request.formData();
  const parsed = parseForm(CourseSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const result = createCourse({ actor, input: parsed.data });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect(`/manage/courses/${result.id}`);
}

export default function NewCoursePage() {
  const { programs, program } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const form = useSchemaForm(CourseSchema, failure);
  return (
    <div className="page">
      <h1>{t("manage.newCourse")}</h1>
      <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
        <FormMessage message={failure ? t("validation.formErrors") : null} />
        <SelectField
          {...form.field("program")}
          defaultValue={form.valueOf("program") ?? program}
          label={t("manage.program")}
          options={programs}
          placeholder="—"
          required
        />
        <TextField {...form.field("code")} label={t("manage.code")} required />
        <LocalizedFields form={form} base="title" labelKey="manage.titleIn" values={{}} />
        <LocalizedFields form={form} base="summary" labelKey="manage.summaryIn" values={{}} multiline />
        <TextField {...form.field("hours")} type="number" label={t("manage.hours")} required />
        <SelectField
          {...form.field("level")}
          label={t("manage.level")}
          options={(["introductory", "intermediate", "advanced"] as const).map((level) => ({
            value: level,
            label: t(`course.level.${level}`),
          }))}
          required
        />
        <CheckboxGroup
          {...form.field("languages")}
          legend={t("manage.languages")}
          options={["en", "zh", "ru", "pt"].map((code) => ({ value: code, label: languageName(code, i18n.language) }))}
          checked={(form.valueOf("languages") ?? "en,zh").split(",")}
        />
        <p>
          <button type="submit">{t("manage.create")}</button>
        </p>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
