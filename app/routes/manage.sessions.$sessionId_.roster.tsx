import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { TimeRange } from "~/components/date-time";
import { FormMessage, TextField, useSchemaForm, type ServerFormFailure } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { countryName } from "~/models/countries.server";
import { scheduleMailDelivery } from "~/models/enrollment-mail.server";
import { cancelRegistration, listRegistrants, promoteByHand } from "~/models/enrollment.server";
import { getSessionForEditing } from "~/models/manage-catalog.server";
import { parseForm } from "~/utils/forms.server";
import { notFound, parseIdParam, requireFound } from "~/utils/http.server";
import { appUrl } from "~/utils/mail.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { RemoveRegistrantSchema } from "~/validation/enrollment";

export const meta = pageTitleMeta;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(params.sessionId);
  const { locale, t } = await getTranslator(request);
  // Another institution's session is "not found", as in the editor.
  const { session, registrants } = requireFound(listRegistrants({ actor, sessionId, locale }));
  return {
    pageTitle: `${t("roster.title")}: ${session.title}`,
    session,
    registrants: registrants.map(({ countryCode, ...row }) => ({ ...row, country: countryName(countryCode, locale) })),
  };
}

type RosterActionData = ServerFormFailure & { registrationId: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(params.sessionId);
  if (!getSessionForEditing({ actor, sessionId })) notFound();
  const formData = await request.formData();
  const intent = formData.get("intent");
  const back = `/manage/sessions/${sessionId}/roster`;
  if (intent === "remove") {
    const parsed = parseForm(RemoveRegistrantSchema, formData);
    if (!parsed.success)
      return data<RosterActionData>(
        { ...parsed.failure, registrationId: String(formData.get("registrationId") ?? "") },
        { status: 400 },
      );
    const result = cancelRegistration({
      actor,
      registrationId: parsed.data.registrationId,
      reason: parsed.data.reason,
    });
    if (!result.ok || result.sessionId !== sessionId) notFound();
    scheduleMailDelivery(appUrl(request));
    return redirect(`${back}?done=removed`, 303);
  }
  if (intent === "promote") {
    const registrationId = parseIdParam(String(formData.get("registrationId") ?? ""));
    const result = promoteByHand({ actor, registrationId });
    if (!result.ok) {
      if (result.reason === "not_found") notFound();
      return redirect(back, 303);
    }
    if (result.sessionId !== sessionId) notFound();
    scheduleMailDelivery(appUrl(request));
    return redirect(`${back}?done=promoted`, 303);
  }
  throw data(null, { status: 400, statusText: "Bad Request" });
}

export default function RosterPage() {
  const { session, registrants } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const done = searchParams.get("done");
  const confirmed = registrants.filter((r) => r.status === "confirmed").length;
  const waitlisted = registrants.filter((r) => r.status === "waitlisted").length;
  return (
    <div className="page">
      <p>
        <Link to="/manage">{t("manage.title")}</Link> ·{" "}
        <Link to={`/manage/sessions/${session.id}`}>{t("manage.edit")}</Link>
      </p>
      <h1>
        {t("roster.title")}: {session.title}
      </h1>
      <p>
        <TimeRange start={session.startsAt} end={session.endsAt} timeZone={session.timeZone} />
      </p>
      <p>{t("roster.intro", { confirmed, capacity: session.capacity, waitlisted })}</p>
      <FormMessage
        tone="success"
        message={
          done === "removed" && !result ? t("roster.removed") : done === "promoted" ? t("roster.promoted") : null
        }
      />
      {waitlisted > 0 ? <p className="muted">{t("roster.promoteHint")}</p> : null}
      {registrants.length === 0 ? (
        <p>{t("roster.empty")}</p>
      ) : (
        <div className="table-scroll">
          <table className="roster">
            <thead>
              <tr>
                <th scope="col">{t("roster.name")}</th>
                <th scope="col">{t("roster.country")}</th>
                <th scope="col">{t("roster.organization")}</th>
                <th scope="col">{t("roster.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("roster.remove")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {registrants.map((row) => (
                <tr key={row.registrationId}>
                  <th scope="row">
                    {row.deletedAt ? t("roster.deletedAccount") : row.name}
                    {row.deletedAt ? null : <div className="muted">{row.email}</div>}
                  </th>
                  <td>{row.country}</td>
                  <td>{row.organization}</td>
                  <td>
                    {row.status === "waitlisted"
                      ? t("enrollment.waitlistPosition", { position: row.position })
                      : t(`enrollment.status.${row.status}`)}
                    {row.status === "cancelled" && row.cancellationReason ? (
                      <div className="muted">{row.cancellationReason}</div>
                    ) : null}
                  </td>
                  <td>
                    {row.status === "waitlisted" ? (
                      <Form method="post">
                        <input type="hidden" name="registrationId" value={row.registrationId} />
                        <button type="submit" name="intent" value="promote">
                          {t("roster.promote")}
                        </button>
                      </Form>
                    ) : null}
                    {row.status !== "cancelled" ? (
                      <RemoveForm
                        registrationId={row.registrationId}
                        name={row.deletedAt ? t("roster.deletedAccount") : row.name}
                        failure={result?.registrationId === String(row.registrationId) ? result : undefined}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function RemoveForm({
  registrationId,
  name,
  failure,
}: {
  registrationId: number;
  name: string;
  failure: ServerFormFailure | undefined;
}) {
  const { t } = useTranslation();
  const form = useSchemaForm(RemoveRegistrantSchema, failure);
  return (
    <Form method="post" className="form form--inline" noValidate onSubmit={form.onSubmit}>
      <input type="hidden" {...form.register("registrationId")} value={registrationId} />
      <TextField {...form.field("reason")} label={t("roster.removeReason", { name })} required />
      <button type="submit" name="intent" value="remove" className="button--secondary">
        {t("roster.remove")}
      </button>
    </Form>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
