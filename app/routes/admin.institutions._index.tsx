import { data, Link, redirect, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { InstitutionForm } from "~/components/institution-form";
import { getTranslator } from "~/i18n/i18next.server";
import { listInstitutionsForAdmin, saveInstitution } from "~/models/organizer.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { pageTitleMeta } from "~/utils/meta";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { InstitutionSchema } from "~/validation/manage";
import { readForm } from "~/utils/http.server";
import type { Route } from "./+types/admin.institutions._index";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  return { pageTitle: t("admin.institutions"), institutions: await listInstitutionsForAdmin(getDb(), { locale }) };
}

export async function action({ request }: Route.ActionArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const formData = await readForm(request);
  const parsed = parseForm(InstitutionSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const result = await saveInstitution(getDb(), { actorId: organizer.id, existingSlug: null, input: parsed.data });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  if ("notFound" in result) return data(fieldFailure(formData, {}, "validation.formErrors"), { status: 400 });
  return redirect(`/admin/institutions/${result.slug}?saved=1`);
}

export default function AdminInstitutionsPage() {
  const { institutions } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("admin.institutions")}</h1>
      <ul className="console-list">
        {institutions.map((i) => (
          <li key={i.slug}>
            <Link to={`/admin/institutions/${i.slug}`}>{i.name}</Link>{" "}
            <span className="muted">
              · {t(`institution.kind.${i.kind}`)} ·{" "}
              {i.status === "active" ? t("admin.statusActive") : t("admin.statusSuspended")}
            </span>
          </li>
        ))}
      </ul>
      <h2>{t("admin.newInstitution")}</h2>
      <InstitutionForm values={{ kind: "university" }} failure={failure} submitLabel={t("manage.create")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
