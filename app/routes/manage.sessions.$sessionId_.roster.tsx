import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { ScrollRegion } from "~/components/scroll-region";
import { useTranslation } from "react-i18next";
import { TimeRange } from "~/components/date-time";
import { FormMessage, TextField, useSchemaForm, type ServerFormFailure } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { scheduleMailDelivery } from "~/models/enrollment-mail.server";
import { markAttendance } from "~/models/attendance.server";
import { cancelRegistration, promoteByHand } from "~/models/enrollment.server";
import { getRoster, ROSTER_PAGE_SIZE } from "~/models/roster.server";
import { Pagination } from "~/components/pagination";
import { getSessionForEditing } from "~/models/manage-catalog.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { notFound, parseIdParam, readForm, requireFound } from "~/utils/http.server";
import { requireConsoleUser } from "~/utils/manage.server";
import { pageTitleMeta } from "~/utils/meta";
import { formatCalendarDate } from "~/utils/format";
import { MarkAttendanceSchema, RemoveRegistrantSchema } from "~/validation/enrollment";
import { pageNumberField } from "~/validation/fields";
import type { Route } from "./+types/manage.sessions.$sessionId_.roster";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(params.sessionId);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const query = new URL(request.url).searchParams;
  const search = (query.get("q") ?? "").trim().slice(0, 200);
  const page = pageNumberField.parse(query.get("page") ?? undefined);
  // Another institution's session is "not found", as in the editor.
  const roster = requireFound(
    await getRoster(db, {
      actor,
      sessionId,
      locale,
      search: search || undefined,
      page: { limit: ROSTER_PAGE_SIZE, offset: (page - 1) * ROSTER_PAGE_SIZE },
    }),
  );
  const asked = query.get("day") ?? "";
  return {
    pageTitle: `${t("roster.title")}: ${roster.session.title}`,
    ...roster,
    search,
    page,
    pages: Math.max(1, Math.ceil(roster.counts.matching / ROSTER_PAGE_SIZE)),
    firstShown: (page - 1) * ROSTER_PAGE_SIZE + 1,
    // The day being marked: the one asked for, else the latest one that can be marked (today, during the session).
    selectedDay: roster.recordable.includes(asked) ? asked : (roster.recordable.at(-1) ?? null),
  };
}

type RosterActionData = (ServerFormFailure & { registrationId: string }) | { attendanceError: string };

export async function action({ request, params }: Route.ActionArgs) {
  const actor = await requireConsoleUser(request);
  const sessionId = parseIdParam(params.sessionId);
  const db = getDb();
  if (!(await getSessionForEditing(db, { actor, sessionId }))) notFound();
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const back = `/manage/sessions/${sessionId}/roster`;
  if (intent === "remove") {
    const parsed = parseForm(RemoveRegistrantSchema, formData);
    if (!parsed.success)
      return data<RosterActionData>(
        { ...parsed.failure, registrationId: String(formData.get("registrationId") ?? "") },
        { status: 400 },
      );
    const result = await cancelRegistration(db, {
      actor,
      sessionId,
      registrationId: parsed.data.registrationId,
      reason: parsed.data.reason,
    });
    if (!result.ok && result.reason === "reason_required")
      return data<RosterActionData>(
        {
          ...fieldFailure(formData, { reason: "validation.required" }),
          registrationId: String(parsed.data.registrationId),
        },
        { status: 400 },
      );
    if (!result.ok) notFound();
    scheduleMailDelivery(db);
    return redirect(`${back}?done=removed`, 303);
  }
  if (intent === "promote") {
    const registrationId = parseIdParam(String(formData.get("registrationId") ?? ""));
    const result = await promoteByHand(db, { actor, sessionId, registrationId });
    if (!result.ok) {
      if (result.reason === "not_found") notFound();
      return redirect(back, 303);
    }
    scheduleMailDelivery(db);
    return redirect(`${back}?done=promoted`, 303);
  }
  if (intent === "attendance") {
    const parsed = parseForm(MarkAttendanceSchema, formData);
    if (!parsed.success) return data<RosterActionData>({ attendanceError: "roster.dayNotRecordable" }, { status: 400 });
    const { day, listed, present } = parsed.data;
    const result = await markAttendance(db, { actor, sessionId, day, listed, present });
    if (!result.ok) {
      if (result.reason === "not_found") notFound();
      return data<RosterActionData>({ attendanceError: `roster.${result.reason}` }, { status: 400 });
    }
    const search = String(formData.get("q") ?? "");
    const query = new URLSearchParams({
      day,
      done: "attendance",
      present: String(result.present),
      absent: String(result.absent),
    });
    if (search) query.set("q", search);
    const page = pageNumberField.parse(formData.get("page") ?? undefined);
    if (page > 1) query.set("page", String(page));
    return redirect(`${back}?${query}`, 303);
  }
  throw data(null, { status: 400, statusText: "Bad Request" });
}

export default function RosterPage() {
  const { session, registrants, counts, days, recordable, selectedDay, search, page, pages, firstShown } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const done = searchParams.get("done");
  const { confirmed, waitlisted } = counts;
  const removeFailure = result && "registrationId" in result ? result : undefined;
  const attendanceError = result && "attendanceError" in result ? result.attendanceError : null;
  const base = `/manage/sessions/${session.id}`;
  const dayLabel = (day: string) => formatCalendarDate(day, i18n.language);
  const doneMessage =
    done === "removed" && !result
      ? t("roster.removed")
      : done === "promoted"
        ? t("roster.promoted")
        : done === "attendance" && selectedDay
          ? t("roster.attendanceSaved", {
              day: dayLabel(searchParams.get("day") ?? selectedDay),
              present: Number(searchParams.get("present") ?? 0),
              absent: Number(searchParams.get("absent") ?? 0),
            })
          : null;
  return (
    <div className="page">
      <p>
        <Link to="/manage">{t("manage.title")}</Link> · <Link to={base}>{t("manage.edit")}</Link>
        {session.mode !== "online" ? (
          <>
            {" "}
            · <Link to={`${base}/check-in`}>{t("checkIn.screenLink")}</Link>
          </>
        ) : null}{" "}
        · <Link to={`${base}/attendance-import`}>{t("attendanceImport.link")}</Link>
      </p>
      <h1>
        {t("roster.title")}: {session.title}
      </h1>
      <p>
        <TimeRange start={session.startsAt} end={session.endsAt} timeZone={session.timeZone} />
      </p>
      {search ? null : <p>{t("roster.intro", { confirmed, capacity: session.capacity, waitlisted })}</p>}
      <p>
        {t("roster.download")}{" "}
        <a href={`${base}/roster.csv`} download>
          CSV
        </a>{" "}
        ·{" "}
        <a href={`${base}/roster.xlsx`} download>
          Excel
        </a>
      </p>
      <FormMessage tone="success" message={doneMessage} />
      <FormMessage tone="error" message={attendanceError ? t(attendanceError) : null} />
      <Form method="get" className="form form--inline" role="search">
        <div className="field">
          <label htmlFor="roster-search">{t("roster.search")}</label>
          <input id="roster-search" type="search" name="q" defaultValue={search} maxLength={200} />
        </div>
        {selectedDay ? <input type="hidden" name="day" value={selectedDay} /> : null}
        <button type="submit" className="button--secondary">
          {t("roster.searchSubmit")}
        </button>
        {search ? <Link to={base + "/roster"}>{t("roster.clearSearch")}</Link> : null}
      </Form>
      {recordable.length > 1 ? (
        <Form method="get" className="form form--inline">
          <div className="field">
            <label htmlFor="roster-day">{t("roster.markDay")}</label>
            <select id="roster-day" name="day" defaultValue={selectedDay ?? undefined}>
              {recordable.map((day) => (
                <option key={day} value={day}>
                  {dayLabel(day)}
                </option>
              ))}
            </select>
          </div>
          {search ? <input type="hidden" name="q" value={search} /> : null}
          {page > 1 ? <input type="hidden" name="page" value={page} /> : null}
          <button type="submit" className="button--secondary">
            {t("roster.showDay")}
          </button>
        </Form>
      ) : null}
      {waitlisted > 0 ? <p className="muted">{t("roster.promoteHint")}</p> : null}
      {registrants.length === 0 ? (
        <p>{search ? t("roster.noMatch") : t("roster.empty")}</p>
      ) : (
        <>
          {pages > 1 ? (
            <p>
              {t("roster.showing", {
                from: firstShown,
                to: firstShown + registrants.length - 1,
                count: counts.matching,
              })}
            </p>
          ) : null}
          {selectedDay ? (
            <Form method="post" id="attendance-form">
              <input type="hidden" name="intent" value="attendance" />
              <input type="hidden" name="day" value={selectedDay} />
              {search ? <input type="hidden" name="q" value={search} /> : null}
              {page > 1 ? <input type="hidden" name="page" value={page} /> : null}
            </Form>
          ) : null}
          <ScrollRegion label={t("roster.title")}>
            <table className="roster">
              <thead>
                <tr>
                  <th scope="col">{t("roster.name")}</th>
                  <th scope="col">{t("roster.country")}</th>
                  <th scope="col">{t("roster.organization")}</th>
                  <th scope="col">{t("roster.status")}</th>
                  {days.map((day) => (
                    <th scope="col" key={day} className="number">
                      {dayLabel(day)}
                    </th>
                  ))}
                  {selectedDay ? <th scope="col">{t("roster.presentOn", { day: dayLabel(selectedDay) })}</th> : null}
                  <th scope="col">
                    <span className="visually-hidden">{t("roster.remove")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {registrants.map((row) => {
                  const name = row.deletedAt ? t("roster.deletedAccount") : row.name;
                  return (
                    <tr key={row.registrationId}>
                      <th scope="row">
                        {name}
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
                      {days.map((day) => (
                        <td key={day} className="number">
                          <AttendanceMark attended={row.attendance[day]} />
                        </td>
                      ))}
                      {selectedDay ? (
                        <td>
                          {row.status === "confirmed" ? (
                            <>
                              <input type="hidden" name="listed" value={row.registrationId} form="attendance-form" />
                              <input
                                type="checkbox"
                                name="present"
                                value={row.registrationId}
                                form="attendance-form"
                                id={`present-${row.registrationId}`}
                                defaultChecked={row.attendance[selectedDay] === true}
                              />
                              <label htmlFor={`present-${row.registrationId}`} className="visually-hidden">
                                {t("roster.presentName", { name })}
                              </label>
                            </>
                          ) : null}
                        </td>
                      ) : null}
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
                            name={name}
                            failure={
                              removeFailure?.registrationId === String(row.registrationId) ? removeFailure : undefined
                            }
                          />
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </ScrollRegion>
          {selectedDay && confirmed > 0 ? (
            <p>
              <button type="submit" form="attendance-form">
                {t("roster.saveAttendance", { day: dayLabel(selectedDay) })}
              </button>
            </p>
          ) : null}
          {days.length > 0 && recordable.length === 0 ? <p className="muted">{t("roster.attendanceLater")}</p> : null}
          <Pagination page={page} pages={pages} />
        </>
      )}
    </div>
  );
}

/** One day's attendance in a roster cell: a mark for the eye, a word for screen readers. */
function AttendanceMark({ attended }: { attended: boolean | undefined }) {
  const { t } = useTranslation();
  const [mark, word] =
    attended === undefined
      ? ["–", t("roster.notRecorded")]
      : attended
        ? ["✓", t("roster.present")]
        : ["✗", t("roster.absent")];
  return (
    <>
      <span aria-hidden="true">{mark}</span>
      <span className="visually-hidden">{word}</span>
    </>
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
