import { Form, Link, useLocation } from "react-router";
import { useTranslation } from "react-i18next";
import type { EnrollRefusal } from "~/models/enrollment.server";
import { FormMessage } from "./forms";

export type OwnPlace = {
  id: number;
  status: "confirmed" | "waitlisted" | "cancelled";
  position: number | null;
  cancelledByTrainee: boolean;
  cancellationReason: string | null;
};

/** What the session page knows about the viewer and enrollment; built by its loader. */
export type EnrollmentView =
  | { kind: "anonymous"; canEnroll: boolean }
  | { kind: "not_trainee" }
  | {
      kind: "trainee";
      place: OwnPlace | null;
      canEnroll: boolean;
      canCancel: boolean;
      full: boolean;
      joinUrl: string | null;
      overlaps: { sessionId: number; title: string }[];
    };

/** The viewer's place in a session and the buttons that change it. */
export function EnrollmentPanel({
  view,
  sessionStatus,
  refusal,
}: {
  view: EnrollmentView;
  sessionStatus: string;
  refusal: EnrollRefusal | "started" | null;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  if (view.kind === "not_trainee") return <p className="muted">{t("enrollment.onlyTrainees")}</p>;
  if (view.kind === "anonymous") {
    if (!view.canEnroll) return null;
    const back = new URLSearchParams({ redirectTo: location.pathname });
    return (
      <p>
        <Link className="button" to={`/login?${back.toString()}`}>
          {t("enrollment.signInToEnroll")}
        </Link>
      </p>
    );
  }
  const { place } = view;
  const askingToCancel = new URLSearchParams(location.search).get("cancel") === String(place?.id);
  // Nothing to show or do: no place, and enrollment is not open (the seats line says why).
  if (!place && !view.canEnroll) return null;
  const active = place && place.status !== "cancelled" ? place : null;
  return (
    <section className="enrollment-panel" aria-labelledby="your-place">
      <h2 id="your-place">{t("enrollment.statusLabel")}</h2>
      <FormMessage tone="error" message={refusal ? t(`enrollment.refused.${refusal}`) : null} />
      {place ? <PlaceNotice place={place} sessionCancelled={sessionStatus === "cancelled"} /> : null}
      {active?.status === "confirmed" && view.joinUrl ? (
        <p>
          <a href={view.joinUrl} rel="noopener noreferrer">
            {t("enrollment.joinLink")}
          </a>
        </p>
      ) : null}
      {view.overlaps.length > 0 && (!active || active.status === "confirmed") ? (
        <p className="notice notice--warning">
          {t("enrollment.overlapWarning", { titles: view.overlaps.map((o) => o.title).join(", ") })}
        </p>
      ) : null}
      {active ? (
        <p>
          <a href={`/me/enrollments/${active.id}/calendar.ics`}>{t("enrollment.downloadIcs")}</a>
        </p>
      ) : null}
      {!active && view.canEnroll ? (
        <Form method="post">
          <button type="submit" name="intent" value="enroll">
            {view.full ? t("enrollment.joinWaitlist") : place ? t("enrollment.enrollAgain") : t("enrollment.enroll")}
          </button>
        </Form>
      ) : null}
      {active && view.canCancel ? (
        askingToCancel ? (
          <CancelPlaceConfirmation waitlisted={active.status === "waitlisted"} keepHref={location.pathname} />
        ) : (
          <p>
            <Link className="button button--secondary" to={`?cancel=${active.id}#${CONFIRM_CANCEL_ID}`}>
              {active.status === "waitlisted" ? t("enrollment.leaveWaitlist") : t("enrollment.cancel")}
            </Link>
          </p>
        )
      ) : null}
    </section>
  );
}

function PlaceNotice({ place, sessionCancelled }: { place: OwnPlace; sessionCancelled: boolean }) {
  const { t } = useTranslation();
  if (place.status === "confirmed")
    return (
      <p className="notice notice--success" role="status">
        {t("enrollment.confirmedNotice")}
      </p>
    );
  if (place.status === "waitlisted")
    return (
      <p className="notice" role="status">
        {t("enrollment.waitlistedNotice", { position: place.position })}
      </p>
    );
  if (sessionCancelled) return <p className="notice notice--warning">{t("enrollment.sessionCancelledNotice")}</p>;
  if (place.cancelledByTrainee) return <p className="notice">{t("enrollment.cancelledNotice")}</p>;
  return (
    <p className="notice notice--warning">
      {t("enrollment.removedNotice", { reason: place.cancellationReason ?? "" })}
    </p>
  );
}

const CONFIRM_CANCEL_ID = "confirm-cancel";

/**
 * The second step of giving up a place. "Cancel my place" is a link to this question, so one
 * stray click (or tap at 360 px) never gives a seat away, with or without JavaScript.
 */
export function CancelPlaceConfirmation({
  waitlisted,
  keepHref,
  registrationId,
}: {
  waitlisted: boolean;
  keepHref: string;
  /** Sent where the form's page does not know the place from its URL (the list of one's places). */
  registrationId?: number;
}) {
  const { t } = useTranslation();
  return (
    <div
      className="notice notice--warning confirm-cancel"
      id={CONFIRM_CANCEL_ID}
      role="group"
      aria-labelledby={`${CONFIRM_CANCEL_ID}-heading`}
    >
      <p id={`${CONFIRM_CANCEL_ID}-heading`}>
        <strong>{waitlisted ? t("enrollment.confirmLeaveHeading") : t("enrollment.confirmCancelHeading")}</strong>
      </p>
      <p>{waitlisted ? t("enrollment.confirmLeaveText") : t("enrollment.confirmCancelText")}</p>
      <Form method="post" action={keepHref} className="button-row">
        {registrationId !== undefined ? <input type="hidden" name="registrationId" value={registrationId} /> : null}
        <button type="submit" name="intent" value="cancel">
          {waitlisted ? t("enrollment.confirmLeaveSubmit") : t("enrollment.confirmCancelSubmit")}
        </button>
        <Link to={keepHref}>{waitlisted ? t("enrollment.stayOnWaitlist") : t("enrollment.keepPlace")}</Link>
      </Form>
    </div>
  );
}
