import { data, redirect, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { ProgramForm } from "~/components/program-form";
import { getTranslator } from "~/i18n/i18next.server";
import { listDomains } from "~/models/catalog.server";
import { getInstitutionIdBySlug } from "~/models/institutions.server";
import { createProgram } from "~/models/manage-catalog.server";
import { forbidden } from "~/utils/auth.server";
import { getDb, type Handle } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { notFound, readForm } from "~/utils/http.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import type { SessionUser } from "~/utils/session.server";
import { ProgramSchema } from "~/validation/manage";
import type { Route } from "./+types/manage.programs.new";

export const meta = pageTitleMeta;

/** Staff add programs to their own institution; organizers name one with ?institution=slug. */
async function targetInstitution(db: Handle, request: Request, actor: SessionUser): Promise<number> {
  const slug = new URL(request.url).searchParams.get("institution");
  if (!slug) return actor.institutionId ?? notFound();
  const id = (await getInstitutionIdBySlug(db, slug)) ?? notFound();
  if (actor.role !== "organizer" && id !== actor.institutionId) forbidden();
  return id;
}

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireConsoleUser(request);
  const db = getDb();
  await targetInstitution(db, request, actor);
  const { locale, t } = await getTranslator(request);
  return { pageTitle: t("manage.newProgram"), domains: await listDomains(db, { locale }) };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireConsoleUser(request);
  const db = getDb();
  const institutionId = await targetInstitution(db, request, actor);
  const formData = await readForm(request);
  const parsed = parseForm(ProgramSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const result = await createProgram(db, { actor, institutionId, input: parsed.data });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect(`/manage/courses/new?program=${result.id}`);
}

export default function NewProgramPage() {
  const { domains } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("manage.newProgram")}</h1>
      <ProgramForm domains={domains} values={{}} failure={failure} submitLabel={t("manage.create")} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
