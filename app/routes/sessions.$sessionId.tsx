import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { courseInstance, JsonLd } from "~/components/json-ld";
import { AvailabilityText } from "~/components/session-list";
import { getLocale } from "~/i18n/i18next.server";
import { getPublicSession } from "~/models/catalog.server";
import { TimeRange } from "~/components/date-time";
import { languageName } from "~/utils/format";
import { parseIdParam, requireFound } from "~/utils/http.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.session.title ?? "" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionId = parseIdParam(params.sessionId);
  const locale = await getLocale(request);
  return { session: requireFound(getPublicSession({ sessionId, locale })) };
}

export default function SessionPage() {
  const { session } = useLoaderData<typeof loader>();
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
      {session.mode !== "offline" ? <p className="muted">{t("session.joiningDetails")}</p> : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
