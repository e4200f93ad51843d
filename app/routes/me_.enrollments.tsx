import { data, Form, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { TimeRange } from "~/components/date-time";
import { CancelPlaceConfirmation } from "~/components/enrollment-panel";
import { FormMessage } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { createCalendarToken, hasCalendarToken, revokeCalendarToken } from "~/models/calendar.server";
import { scheduleMailDelivery } from "~/models/enrollment-mail.server";
import { cancelRegistration, listPlaces, type Place } from "~/models/enrollment.server";
import { requireUser } from "~/utils/auth.server";
import { parseIdParam, readForm } from "~/utils/http.server";
import { getDb } from "~/utils/db.server";
import { publicSiteUrl } from "~/utils/env.server";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/me_.enrollments";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const [places, hasFeed] = await Promise.all([
    listPlaces(db, { userId: user.id, locale }),
    hasCalendarToken(db, user.id),
  ]);
  return {
    pageTitle: t("enrollment.title"),
    ...places,
    hasFeed,
  };
}

type ActionData = { refusal: "started" } | { feedUrl: string } | { feedRevoked: true };

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const db = getDb();
  const intent = formData.get("intent");
  if (intent === "cancel") {
    const registrationId = parseIdParam(String(formData.get("registrationId") ?? ""));
    // Only one's own places are here: someone else's is removed from its session's roster.
    const result = await cancelRegistration(db, { actor: user, registrationId });
    if (!result.ok) {
      if (result.reason !== "started") throw data(null, { status: 404, statusText: "Not Found" });
      return data<ActionData>({ refusal: result.reason }, { status: 409 });
    }
    scheduleMailDelivery(db);
    return redirect("/me/enrollments", 303);
  }
  if (intent === "feed-create") {
    const token = await createCalendarToken(db, user.id);
    return data<ActionData>({ feedUrl: `${publicSiteUrl()}/me/calendar.ics?token=${token}` });
  }
  if (intent === "feed-revoke") {
    await revokeCalendarToken(db, user.id);
    return data<ActionData>({ feedRevoked: true });
  }
  throw data(null, { status: 400, statusText: "Bad Request" });
}

export default function MyEnrollmentsPage() {
  const { upcoming, past, hasFeed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("enrollment.title")}</h1>
      <FormMessage message={result && "refusal" in result ? t(`enrollment.refused.${result.refusal}`) : null} />
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t("enrollment.upcoming")}</h2>
        {upcoming.length === 0 ? (
          <p>
            {t("enrollment.noUpcoming")} <Link to="/catalog">{t("enrollment.findSession")}</Link>
          </p>
        ) : (
          <ul className="place-list">
            {upcoming.map((place) => (
              <li key={place.registrationId}>
                <PlaceCard place={place} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">{t("enrollment.past")}</h2>
        {past.length === 0 ? (
          <p>{t("enrollment.noPast")}</p>
        ) : (
          <ul className="place-list">
            {past.map((place) => (
              <li key={place.registrationId}>
                <PlaceCard place={place} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="feed-heading">
        <h2 id="feed-heading">{t("enrollment.feedHeading")}</h2>
        <p>{t("enrollment.feedIntro")}</p>
        {result && "feedUrl" in result ? (
          <div className="notice notice--success" role="status">
            <p>{t("enrollment.feedCreated")}</p>
            <p>
              <code className="feed-url" data-testid="feed-url">
                {result.feedUrl}
              </code>
            </p>
          </div>
        ) : null}
        <FormMessage tone="success" message={result && "feedRevoked" in result ? t("enrollment.feedRevoked") : null} />
        {hasFeed && !(result && "feedUrl" in result) ? <p>{t("enrollment.feedActive")}</p> : null}
        <Form method="post" className="button-row">
          <button type="submit" name="intent" value="feed-create">
            {hasFeed ? t("enrollment.feedReplace") : t("enrollment.feedCreate")}
          </button>
          {hasFeed ? (
            <button type="submit" name="intent" value="feed-revoke" className="button--secondary">
              {t("enrollment.feedRevoke")}
            </button>
          ) : null}
        </Form>
      </section>
    </div>
  );
}

function PlaceCard({ place }: { place: Place }) {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const askingToCancel = searchParams.get("cancel") === String(place.registrationId);
  const statusText =
    place.status === "waitlisted"
      ? t("enrollment.waitlistPosition", { position: place.position })
      : t(`enrollment.status.${place.status}`);
  return (
    <article className={`place place--${place.status}`} aria-labelledby={`place-${place.registrationId}`}>
      <h3 id={`place-${place.registrationId}`}>
        <Link to={`/sessions/${place.sessionId}`}>{place.title}</Link>
      </h3>
      <p>
        <TimeRange start={place.startsAt} end={place.endsAt} timeZone={place.timeZone} />
      </p>
      <p>
        <span className={`badge badge--${place.status}`}>{statusText}</span>{" "}
        {place.sessionStatus === "cancelled" ? <span className="badge">{t("session.cancelled")}</span> : null}
      </p>
      {place.venue ? <p>{t("enrollment.venueAt", { venue: place.venue })}</p> : null}
      {place.joinUrl ? (
        <p>
          <a href={place.joinUrl} rel="noopener noreferrer">
            {t("enrollment.joinLink")}
          </a>
        </p>
      ) : null}
      <div className="button-row">
        {place.status !== "cancelled" ? (
          <a href={`/me/enrollments/${place.registrationId}/calendar.ics`}>{t("enrollment.downloadIcs")}</a>
        ) : null}
        {place.canCancel && !askingToCancel ? (
          <Link
            className="button button--secondary"
            to={`?cancel=${place.registrationId}#confirm-cancel`}
            aria-describedby={`place-${place.registrationId}`}
          >
            {place.status === "waitlisted" ? t("enrollment.leaveWaitlist") : t("enrollment.cancel")}
          </Link>
        ) : null}
      </div>
      {place.canCancel && askingToCancel ? (
        <CancelPlaceConfirmation
          waitlisted={place.status === "waitlisted"}
          keepHref="/me/enrollments"
          registrationId={place.registrationId}
        />
      ) : null}
    </article>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
