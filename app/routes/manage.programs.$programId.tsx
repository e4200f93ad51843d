import { data, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { ProgramForm } from "~/components/program-form";
import { getTranslator } from "~/i18n/i18next.server";
import { listDomains } from "~/models/catalog.server";
import { getProgramForEditing, updateProgram } from "~/models/manage-catalog.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { notFound, parseIdParam, readForm, requireFound } from "~/utils/http.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { ProgramSchema } from "~/validation/manage";
import type { Route } from "./+types/manage.programs.$programId";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireConsoleUser(request);
  const programId = parseIdParam(params.programId);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const program = requireFound(await getProgramForEditing(db, { actor, programId }));
  return { pageTitle: t("manage.edit"), program, domains: await listDomains(db, { locale }) };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireConsoleUser(request);
  const programId = parseIdParam(params.programId);
  const formData = await readForm(request);
  const parsed = parseForm(ProgramSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const db = getDb();
  const result = await updateProgram(db, { actor, programId, input: parsed.data });
  if ("notFound" in result) notFound();
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect(`/manage/programs/${programId}?saved=1`);
}

export default function EditProgramPage() {
  const { program, domains } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to="/manage">{t("manage.title")}</Link>
      </p>
      <h1>{t("manage.edit")}</h1>
      <FormMessage tone="success" message={searchParams.has("saved") && !failure ? t("manage.saved") : null} />
      <ProgramForm domains={domains} values={program.values} failure={failure} submitLabel={t("manage.save")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
