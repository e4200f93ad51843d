import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { useCourseStatusLabel } from "~/components/course-status";
import { FormMessage } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { CourseForm } from "~/components/course-form";
import { type ServerFormFailure } from "~/components/forms";
import { getCourseForManaging, listOwnPrograms, setCourseStatus, updateCourse } from "~/models/manage-catalog.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { CourseSchema, CourseStatusSchema } from "~/validation/manage";
import { formatDateTime } from "~/utils/format";
import { notFound, parseIdParam, readForm, requireFound } from "~/utils/http.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/manage.courses.$courseId";

type CourseActionData = (ServerFormFailure & { error?: undefined }) | { error: string; fieldErrors?: undefined };

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireConsoleUser(request);
  const courseId = parseIdParam(params.courseId);
  const { locale } = await getTranslator(request);
  const db = getDb();
  const course = requireFound(await getCourseForManaging(db, { actor, courseId, locale }));
  return { pageTitle: course.title, course, programs: await listOwnPrograms(db, { actor, locale }) };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireConsoleUser(request);
  const courseId = parseIdParam(params.courseId);
  const formData = await readForm(request);
  const db = getDb();
  if (formData.get("intent") === "save") {
    const content = parseForm(CourseSchema, formData);
    if (!content.success) return data<CourseActionData>(content.failure, { status: 400 });
    const saved = await updateCourse(db, { actor, courseId, input: content.data });
    if ("notFound" in saved) notFound();
    if ("errors" in saved) return data<CourseActionData>(fieldFailure(formData, saved.errors), { status: 400 });
    return redirect(`/manage/courses/${courseId}?saved=1`);
  }
  const parsed = parseForm(CourseStatusSchema, formData);
  if (!parsed.success) return data<CourseActionData>({ error: "validation.required" }, { status: 400 });
  const result = await setCourseStatus(db, { actor, courseId, status: parsed.data.intent });
  if ("notFound" in result) notFound();
  if ("errors" in result)
    return data<CourseActionData>({ error: result.errors.status ?? "validation.formErrors" }, { status: 400 });
  return redirect(`/manage/courses/${courseId}`);
}

export default function ManageCoursePage() {
  const { course, programs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const statusLabel = useCourseStatusLabel();
  return (
    <div className="page">
      <p>
        <Link to="/manage">{t("manage.title")}</Link>
      </p>
      <h1>
        {course.code} · {course.title}
      </h1>
      <p>
        {t("manage.status")}: <strong>{statusLabel(course.status)}</strong>
      </p>
      <FormMessage message={result?.error ? t(result.error) : null} />
      <Form method="post" className="form-actions">
        {course.status !== "published" ? (
          <button type="submit" name="intent" value="published">
            {t("manage.publish")}
          </button>
        ) : null}
        {course.status !== "draft" ? (
          <button type="submit" name="intent" value="draft" className="button--secondary">
            {t("manage.setDraft")}
          </button>
        ) : null}
        {course.status !== "archived" ? (
          <button type="submit" name="intent" value="archived" className="button--secondary">
            {t("manage.archive")}
          </button>
        ) : null}
      </Form>
      <h2>{t("manage.edit")}</h2>
      <CourseForm
        programs={programs}
        values={course.values}
        failure={result?.fieldErrors ? result : undefined}
        submitLabel={t("manage.save")}
      />
      <h2>{t("manage.sessions")}</h2>
      <p>
        <Link to={`/manage/sessions/new?course=${course.id}`}>{t("manage.newSession")}</Link>
      </p>
      <ul className="console-list">
        {course.sessions.map((s) => (
          <li key={s.id}>
            <Link to={`/manage/sessions/${s.id}`} suppressHydrationWarning>
              {formatDateTime(s.startsAt, i18n.language, s.timeZone)}
            </Link>{" "}
            · {t(`session.status.${s.status}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
