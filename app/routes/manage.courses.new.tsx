import { data, redirect, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { CourseForm } from "~/components/course-form";
import { getTranslator } from "~/i18n/i18next.server";
import { createCourse, listOwnPrograms } from "~/models/manage-catalog.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { CourseSchema } from "~/validation/manage";
import { readForm } from "~/utils/http.server";
import type { Route } from "./+types/manage.courses.new";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireConsoleUser(request);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  return {
    pageTitle: t("manage.newCourse"),
    programs: await listOwnPrograms(db, { actor, locale }),
    program: new URL(request.url).searchParams.get("program") ?? "",
  };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireConsoleUser(request);
  const formData = await readForm(request);
  const parsed = parseForm(CourseSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const db = getDb();
  const result = await createCourse(db, { actor, input: parsed.data });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect(`/manage/courses/${result.id}`);
}

export default function NewCoursePage() {
  const { programs, program } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("manage.newCourse")}</h1>
      <CourseForm
        programs={programs}
        values={{ program, languages: "en,zh" }}
        failure={failure}
        submitLabel={t("manage.create")}
      />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
