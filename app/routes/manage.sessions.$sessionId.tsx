import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { FormMessage, TextField, useSchemaForm } from "~/components/forms";
import { SessionEditor } from "~/components/session-editor";
import { getTranslator } from "~/i18n/i18next.server";
import {
  cancelSession,
  duplicateSession,
  getSessionForEditing,
  listSchedulableCourses,
  updateSession,
} from "~/models/manage-catalog.server";
import { scheduleMailDelivery } from "~/models/enrollment-mail.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { notFound, parseIdParam, readForm, requireFound } from "~/utils/http.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { CancelSessionSchema, SessionSchema } from "~/validation/manage";
import type { Route } from "./+types/manage.sessions.$sessionId";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(params.sessionId);
  const { locale, t } = await getTranslator(request);
  // Another institution's session is "not found": its existence is nobody else's business.
  const db = getDb();
  const session = requireFound(await getSessionForEditing(db, { actor, sessionId }));
  return { pageTitle: t("manage.edit"), session, courses: await listSchedulableCourses(db, { actor, locale }) };
}

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(params.sessionId);
  const formData = await readForm(request);
  const db = getDb();
  const intent = formData.get("intent");
  if (intent === "cancel") {
    const parsed = parseForm(CancelSessionSchema, formData);
    if (!parsed.success) return data({ ...parsed.failure, intent }, { status: 400 });
    const cancelled = await cancelSession(db, { actor, sessionId, reason: parsed.data.reason });
    if ("notFound" in cancelled) notFound();
    scheduleMailDelivery(db);
    return redirect(`/manage/sessions/${sessionId}`);
  }
  if (intent === "duplicate") {
    const copy = await duplicateSession(db, { actor, sessionId });
    if ("notFound" in copy) notFound();
    return redirect(`/manage/sessions/${copy.id}?saved=1`);
  }
  const parsed = parseForm(SessionSchema, formData);
  if (!parsed.success) return data({ ...parsed.failure, intent: "save" }, { status: 400 });
  const result = await updateSession(db, { actor, sessionId, input: parsed.data, publish: intent === "publish" });
  if ("notFound" in result) notFound();
  if ("errors" in result) return data({ ...fieldFailure(formData, result.errors), intent: "save" }, { status: 400 });
  scheduleMailDelivery(db);
  return redirect(`/manage/sessions/${sessionId}?saved=1`);
}

export default function EditSessionPage() {
  const { session, courses } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const cancelForm = useSchemaForm(CancelSessionSchema, result?.intent === "cancel" ? result : undefined);
  return (
    <div className="page">
      <p>
        <Link to="/manage">{t("manage.title")}</Link> ·{" "}
        <Link to={`/sessions/${session.id}`}>{t("session.details")}</Link> ·{" "}
        <Link to={`/manage/sessions/${session.id}/roster`}>{t("roster.title")}</Link>
      </p>
      <h1>{t("manage.edit")}</h1>
      <p>
        {t("manage.status")}: <strong>{t(`session.status.${session.status}`)}</strong>
      </p>
      <FormMessage tone="success" message={searchParams.has("saved") && !result ? t("manage.saved") : null} />
      {session.status === "cancelled" ? (
        <p className="notice notice--warning">{t("manage.cancelled", { reason: session.cancellationReason ?? "" })}</p>
      ) : null}
      <SessionEditor
        courses={courses}
        values={session.values}
        failure={result?.intent === "save" ? result : undefined}
        isDraft={session.status === "draft"}
      />
      <Form method="post">
        <button type="submit" name="intent" value="duplicate" className="button--secondary">
          {t("manage.duplicate")}
        </button>
      </Form>
      {session.status === "published" ? (
        <section className="danger-zone" aria-labelledby="cancel-heading">
          <h2 id="cancel-heading">{t("manage.cancelHeading")}</h2>
          <Form method="post" className="form" noValidate onSubmit={cancelForm.onSubmit}>
            <TextField {...cancelForm.field("reason")} label={t("manage.cancelReason")} multiline required />
            <p>
              <button type="submit" name="intent" value="cancel">
                {t("manage.cancelSubmit")}
              </button>
            </p>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
