import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import type { Availability } from "~/models/availability";
import { formatDate } from "~/utils/format";
import { TimeRange } from "./date-time";

/** The fields of a session that a listing shows; loaders send exactly these. */
export type SessionListItem = {
  id: number;
  title: string;
  institutionName: string;
  domainName: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  mode: "online" | "offline" | "hybrid";
  coHost: string | null;
  availability: Availability;
};

export function SessionList({ sessions }: { sessions: SessionListItem[] }) {
  return (
    <ul className="session-list">
      {sessions.map((session) => (
        <li key={session.id}>
          <SessionCard session={session} />
        </li>
      ))}
    </ul>
  );
}

function SessionCard({ session }: { session: SessionListItem }) {
  const { t } = useTranslation();
  return (
    <article className="session-card">
      <h3>
        <Link to={`/sessions/${session.id}`}>{session.title}</Link>
      </h3>
      <p className="session-card__when">
        <TimeRange start={session.startsAt} end={session.endsAt} timeZone={session.timeZone} />
      </p>
      <p className="session-card__meta">
        <span className={`badge badge--${session.mode}`}>{t(`session.mode.${session.mode}`)}</span>{" "}
        {session.institutionName} · {session.domainName}
      </p>
      {session.coHost ? <p className="session-card__cohost">{t("session.coHost", { name: session.coHost })}</p> : null}
      <p className="session-card__availability">
        <AvailabilityText availability={session.availability} timeZone={session.timeZone} />
      </p>
    </article>
  );
}

export function AvailabilityText({ availability, timeZone }: { availability: Availability; timeZone: string }) {
  const { t, i18n } = useTranslation();
  switch (availability.kind) {
    case "open":
      return <>{t("session.seatsLeft", { count: availability.seatsLeft })}</>;
    case "full":
      return availability.waitlisted > 0 ? (
        <>{t("session.waitlist", { count: availability.waitlisted })}</>
      ) : (
        <>{t("session.full")}</>
      );
    case "not_yet_open":
      return (
        <span suppressHydrationWarning>
          {t("session.enrollmentOpensOn", { date: formatDate(availability.opensAt, i18n.language, timeZone) })}
        </span>
      );
    case "closed":
      return <>{t("session.enrollmentClosed")}</>;
    case "cancelled":
      return <strong>{t("session.cancelled")}</strong>;
    case "past":
      return <>{t("session.past")}</>;
  }
}
