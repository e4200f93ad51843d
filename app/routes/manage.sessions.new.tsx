import { data, redirect, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { SessionEditor } from "~/components/session-editor";
import { getTranslator } from "~/i18n/i18next.server";
import { createSession, listSchedulableCourses, updateSession } from "~/models/manage-catalog.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { SessionSchema } from "~/validation/manage";
import { readForm } from "~/utils/http.server";
import type { Route } from "./+types/manage.sessions.new";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireConsoleUser(request);
  const { locale, t } = await getTranslator(request);
  const course = new URL(request.url).searchParams.get("course") ?? "";
  const db = getDb();
  return {
    pageTitle: t("manage.newSession"),
    courses: await listSchedulableCourses(db, { actor, locale }),
    values: { course, timeZone: "Asia/Shanghai", mode: "online", capacity: "50", languages: "en,zh" },
  };
}

export async function action({ request }: Route.ActionArgs) {
  const actor = await requireConsoleUser(request);
  const formData = await readForm(request);
  const parsed = parseForm(SessionSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const db = getDb();
  const created = await createSession(db, { actor, input: parsed.data });
  if ("errors" in created) return data(fieldFailure(formData, created.errors), { status: 400 });
  if (formData.get("intent") === "publish")
    await updateSession(db, { actor, sessionId: created.id, input: parsed.data, publish: true });
  return redirect(`/manage/sessions/${created.id}?saved=1`);
}

export default function NewSessionPage() {
  const { courses, values } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("manage.newSession")}</h1>
      <SessionEditor courses={courses} values={values} failure={failure} isDraft />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
