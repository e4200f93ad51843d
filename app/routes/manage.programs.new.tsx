import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CheckboxGroup, FormMessage, SelectField, useSchemaForm } from "~/components/forms";
import { LocalizedFields } from "~/components/localized-fields";
import { getTranslator } from "~/i18n/i18next.server";
import { listDomains } from "~/models/catalog.server";
import { getInstitutionIdBySlug } from "~/models/institutions.server";
import { createProgram } from "~/models/manage-catalog.server";
import { forbidden } from "~/utils/auth.server";
import { languageName } from "~/utils/format";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import type { SessionUser } from "~/utils/session.server";
import { ProgramSchema } from "~/validation/manage";

export const meta = pageTitleMeta;

/** Staff add programs to their own institution; organizers name one with ?institution=slug. */
function targetInstitution(request: Request, actor: SessionUser): number {
  const slug = new URL(request.url).searchParams.get("institution");
  if (!slug) return actor.institutionId ?? notFound();
  const id = getInstitutionIdBySlug(slug) ?? notFound();
  if (actor.role !== "organizer" && id !== actor.institutionId) forbidden();
  return id;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireConsoleUser(request);
  targetInstitution(request, actor);
  const { locale, t } = await getTranslator(request);
  return { pageTitle: t("manage.newProgram"), domains: listDomains({ locale }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireConsoleUser(request);
  const institutionId = targetInstitution(request, actor);
  const formData = await request.formData();
  const parsed = parseForm(ProgramSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const result = createProgram({ actor, institutionId, input: parsed.data });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect(`/manage/courses/new?program=${result.id}`);
}

export default function NewProgramPage() {
  const { domains } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const form = useSchemaForm(ProgramSchema, failure);
  return (
    <div className="page">
      <h1>{t("manage.newProgram")}</h1>
      <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
        <FormMessage message={failure ? t("validation.formErrors") : null} />
        <SelectField
          {...form.field("domain")}
          label={t("manage.domain")}
          options={domains.map((d) => ({ value: d.slug, label: d.name }))}
          placeholder="—"
          required
        />
        <LocalizedFields form={form} base="title" labelKey="manage.titleIn" values={{}} />
        <LocalizedFields form={form} base="summary" labelKey="manage.summaryIn" values={{}} multiline />
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
