import { data, Form, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { FormMessage, TextField, useSchemaForm, type ServerFormFailure } from "~/components/forms";
import { LocalizedFields } from "~/components/localized-fields";
import { getTranslator } from "~/i18n/i18next.server";
import { listDomainsForAdmin, saveDomain } from "~/models/organizer.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { notFound, readForm } from "~/utils/http.server";
import { pageTitleMeta } from "~/utils/meta";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { idFromText } from "~/validation/fields";
import { DomainSchema } from "~/validation/manage";
import type { Route } from "./+types/admin.domains";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  return { pageTitle: t("admin.domains"), domains: await listDomainsForAdmin(getDb(), { locale }) };
}

export async function action({ request }: Route.ActionArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const formData = await readForm(request);
  const idField = String(formData.get("id") ?? "");
  const id = idFromText(idField);
  const parsed = parseForm(DomainSchema, formData);
  if (!parsed.success) return data({ ...parsed.failure, formId: idField || "new" }, { status: 400 });
  const result = await saveDomain(getDb(), { actorId: organizer.id, id, input: parsed.data });
  if ("notFound" in result) notFound();
  if ("errors" in result)
    return data({ ...fieldFailure(formData, result.errors), formId: idField || "new" }, { status: 400 });
  return redirect("/admin/domains?saved=1");
}

export default function AdminDomainsPage() {
  const { domains } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("admin.domains")}</h1>
      <FormMessage tone="success" message={searchParams.has("saved") && !result ? t("admin.saved") : null} />
      {domains.map((domain) => (
        <section key={domain.id} aria-label={domain.label}>
          <h2>{domain.label}</h2>
          <DomainForm
            id={String(domain.id)}
            values={domain.values}
            failure={result?.formId === String(domain.id) ? result : undefined}
            submitLabel={t("admin.save")}
          />
        </section>
      ))}
      <section aria-labelledby="new-domain">
        <h2 id="new-domain">{t("admin.newDomain")}</h2>
        <DomainForm
          id=""
          values={{ sortOrder: String(domains.length + 1) }}
          failure={result?.formId === "new" ? result : undefined}
          submitLabel={t("manage.create")}
        />
      </section>
    </div>
  );
}

function DomainForm({
  id,
  values,
  failure,
  submitLabel,
}: {
  id: string;
  values: Record<string, string>;
  failure: ServerFormFailure | undefined;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(DomainSchema, failure);
  const field = (name: string) => ({ ...form.field(name), defaultValue: form.valueOf(name) ?? values[name] ?? "" });
  return (
    <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
      <input type="hidden" name="id" value={id} />
      <TextField {...field("slug")} label={t("admin.slug")} required />
      <LocalizedFields form={form} base="name" labelKey="admin.nameIn" values={values} />
      <TextField {...field("sortOrder")} type="number" label={t("admin.sortOrder")} required />
      <p>
        <button type="submit">{submitLabel}</button>
      </p>
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
