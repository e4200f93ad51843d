import { data, Link, redirect, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { pageTitleMeta } from "~/utils/meta";
import { courseInstance, JsonLd } from "~/components/json-ld";
import { AvailabilityText } from "~/components/session-list";
import { getLocale } from "~/i18n/i18next.server";
import { getPublicSession } from "~/models/catalog.server";
import { EnrollmentPanel, type EnrollmentView } from "~/components/enrollment-panel";
import { scheduleMailDelivery } from "~/models/enrollment-mail.server";
import {
  cancelRegistration,
  enroll,
  findOverlappingPlaces,
  getJoinUrl,
  getOwnRegistration,
} from "~/models/enrollment.server";
import { forbidden, getUser, requireUser } from "~/utils/auth.server";
import { TimeRange } from "~/components/date-time";
import { getDb } from "~/utils/db.server";
import { formatDateTime, languageName } from "~/utils/format";
import { notFound, parseIdParam, readForm, requireFound } from "~/utils/http.server";
import type { Route } from "./+types/sessions.$sessionId";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const sessionId = parseIdParam(params.sessionId);
  const locale = await getLocale(request);
  const db = getDb();
  const session = requireFound(await getPublicSession(db, { sessionId, locale }));
  const user = await getUser(request);
  const open = session.availability.kind === "open" || session.availability.kind === "full";
  let enrollment: EnrollmentView;
  if (!user) enrollment = { kind: "anonymous", canEnroll: open };
  else if (user.role !== "trainee") enrollment = { kind: "not_trainee" };
  else {
    const [place, joinUrl, overlaps] = await Promise.all([
      getOwnRegistration(db, { userId: user.id, sessionId }),
      getJoinUrl(db, { userId: user.id, sessionId }),
      findOverlappingPlaces(db, { userId: user.id, sessionId, locale }),
    ]);
    enrollment = {
      kind: "trainee",
      place,
      canEnroll: open,
      canCancel: session.startsAt > new Date(),
      full: session.availability.kind === "full",
      joinUrl,
      overlaps,
    };
  }
  return { pageTitle: session.title, session, enrollment };
}

/** Enroll or cancel the signed-in trainee's own place; every outcome is shown by the page itself. */
export async function action({ request, params }: Route.ActionArgs) {
  const sessionId = parseIdParam(params.sessionId);
  const user = await requireUser(request);
  if (user.role !== "trainee") forbidden();
  const formData = await readForm(request);
  const db = getDb();
  const intent = formData.get("intent");
  if (intent === "enroll") {
    const result = await enroll(db, { user, sessionId });
    if (!result.ok) {
      if (result.reason === "not_found") notFound();
      return data({ refusal: result.reason }, { status: 409 });
    }
    scheduleMailDelivery(db);
    return redirect(`/sessions/${sessionId}`, 303);
  }
  if (intent === "cancel") {
    const own = await getOwnRegistration(db, { userId: user.id, sessionId });
    if (!own) notFound();
    const result = await cancelRegistration(db, { actor: user, sessionId, registrationId: own.id });
    if (!result.ok) {
      if (result.reason !== "started") notFound();
      return data({ refusal: result.reason }, { status: 409 });
    }
    scheduleMailDelivery(db);
    return redirect(`/sessions/${sessionId}`, 303);
  }
  throw data(null, { status: 400, statusText: "Bad Request" });
}

export default function SessionPage() {
  const { session, enrollment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/institutions/${session.institutionSlug}`}>{session.institutionName}</Link> · {session.domainName}
      </p>
      <JsonLd
        data={{
          "@context": "https://schema.org",
          "@type": "Course",
          name: session.courseTitle,
          description: session.summary,
          provider: { "@type": "CollegeOrUniversity", name: session.institutionName },
          hasCourseInstance: [courseInstance(session)],
        }}
      />
      <h1>{session.title}</h1>
      {session.status === "cancelled" && session.cancellationReason ? (
        <p className="notice notice--warning">
          {t("session.cancelledBecause", { reason: session.cancellationReason })}
        </p>
      ) : null}
      <p>{session.summary}</p>
      <dl className="facts">
        <dt>{t("session.schedule")}</dt>
        <dd>
          <TimeRange start={session.startsAt} end={session.endsAt} timeZone={session.timeZone} />
          <br />
          <span className="muted">{t("session.heldIn", { zone: session.timeZone })}</span>
        </dd>
        <dt>{t("catalog.mode")}</dt>
        <dd>{t(`session.mode.${session.mode}`)}</dd>
        {session.venue ? (
          <>
            <dt>{t("session.venue")}</dt>
            <dd>{session.venue}</dd>
          </>
        ) : null}
        <dt>{t("session.seats")}</dt>
        <dd>
          <AvailabilityText availability={session.availability} timeZone={session.timeZone} />
        </dd>
        {session.availability.kind === "open" || session.availability.kind === "full" ? (
          <>
            <dt>{t("session.enrollmentDeadline")}</dt>
            <dd suppressHydrationWarning>
              {formatDateTime(session.availability.closesAt, i18n.language, session.timeZone)}
            </dd>
          </>
        ) : null}
        <dt>{t("session.languages")}</dt>
        <dd>{session.languages.map((code) => languageName(code, i18n.language)).join(", ")}</dd>
        {session.coHost ? (
          <>
            <dt>{t("session.coHostLabel")}</dt>
            <dd>{session.coHost}</dd>
          </>
        ) : null}
        <dt>{t("session.course")}</dt>
        <dd>
          <Link to={`/courses/${session.courseId}`}>{t("session.details")}</Link>
        </dd>
      </dl>
      {session.mode !== "offline" && !(enrollment.kind === "trainee" && enrollment.joinUrl) ? (
        <p className="muted">{t("session.joiningDetails")}</p>
      ) : null}
      <EnrollmentPanel view={enrollment} sessionStatus={session.status} refusal={result?.refusal ?? null} />
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
