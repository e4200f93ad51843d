import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { InstitutionForm } from "~/components/institution-form";
import { getTranslator } from "~/i18n/i18next.server";
import { getInstitutionForEditing, saveInstitution, setInstitutionStatus } from "~/models/organizer.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { notFound, readForm, requireFound } from "~/utils/http.server";
import { pageTitleMeta } from "~/utils/meta";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { InstitutionSchema } from "~/validation/manage";
import type { Route } from "./+types/admin.institutions.$slug";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { t } = await getTranslator(request);
  return {
    pageTitle: t("admin.institutions"),
    institution: requireFound(await getInstitutionForEditing(getDb(), params.slug ?? "")),
  };
}

export async function action({ request, params }: Route.ActionArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const db = getDb();
  const slug = params.slug ?? "";
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "suspend" || intent === "reinstate") {
    if (
      !(await setInstitutionStatus(db, {
        actorId: organizer.id,
        slug,
        status: intent === "suspend" ? "suspended" : "active",
      }))
    )
      notFound();
    return redirect(`/admin/institutions/${slug}`);
  }
  const parsed = parseForm(InstitutionSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const result = await saveInstitution(db, { actorId: organizer.id, existingSlug: slug, input: parsed.data });
  if ("notFound" in result) notFound();
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect(`/admin/institutions/${result.slug}?saved=1`);
}

export default function AdminInstitutionPage() {
  const { institution } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const suspended = institution.status === "suspended";
  return (
    <div className="page">
      <p>
        <Link to="/admin/institutions">{t("admin.institutions")}</Link>
      </p>
      <h1>{institution.values.name_en || institution.values.name_zh}</h1>
      <FormMessage tone="success" message={searchParams.has("saved") && !failure ? t("admin.saved") : null} />
      {suspended ? <p className="notice notice--warning">{t("admin.suspendedNote")}</p> : null}
      <InstitutionForm
        key={institution.slug}
        values={institution.values}
        failure={failure}
        submitLabel={t("admin.save")}
      />
      <Form method="post">
        <button type="submit" name="intent" value={suspended ? "reinstate" : "suspend"} className="button--secondary">
          {suspended ? t("admin.reinstate") : t("admin.suspend")}
        </button>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
