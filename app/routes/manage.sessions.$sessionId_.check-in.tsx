import { Link, useLoaderData } from "react-router";
import QRCode from "qrcode";
import { useTranslation } from "react-i18next";
import { pageTitleMeta } from "~/utils/meta";
import { countAttendedOn, currentCheckInCode } from "~/models/attendance.server";
import { formatDateTime } from "~/utils/format";
import { getDb } from "~/utils/db.server";
import { requireFound } from "~/utils/http.server";
import { publicSiteUrl } from "~/utils/env.server";
import { requireManagedSession } from "~/utils/manage.server";
import { localDate } from "~/utils/time-zone";
import type { Route } from "./+types/manage.sessions.$sessionId_.check-in";

/**
 * The screen staff put on the projector: the current check-in code, large, and a QR code that
 * opens the check-in page with it filled in. The page reloads itself when the code changes
 * (a meta refresh, so it needs no JavaScript).
 */
export const meta = (args: Route.MetaArgs) => [
  ...pageTitleMeta(args),
  ...(args.loaderData?.refreshSeconds
    ? [{ httpEquiv: "refresh", content: String(args.loaderData.refreshSeconds) }]
    : []),
];

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor, session, t, title } = await requireManagedSession(request, params.sessionId);
  const sessionId = session.id;
  const now = new Date();
  const today = localDate(now, session.timeZone);
  const open =
    session.mode !== "online" &&
    (session.status === "published" || session.status === "completed") &&
    localDate(session.startsAt, session.timeZone) <= today &&
    today <= localDate(session.endsAt, session.timeZone);
  const base = { pageTitle: `${t("checkIn.screenTitle")}: ${title}`, sessionId, title, timeZone: session.timeZone };
  if (!open) return { ...base, open: false as const, mode: session.mode, refreshSeconds: null };
  const db = getDb();
  const current = requireFound(await currentCheckInCode(db, { actor, sessionId, now }));
  const checkInUrl = `${publicSiteUrl()}/check-in`;
  const qrSvg = await QRCode.toString(`${checkInUrl}?code=${current.code}`, {
    type: "svg",
    margin: 2,
    errorCorrectionLevel: "M",
  });
  return {
    ...base,
    open: true as const,
    mode: session.mode,
    code: current.code,
    validUntil: current.validUntil,
    checkInUrl,
    qrSvg,
    checkedIn: await countAttendedOn(db, sessionId, today),
    refreshSeconds: Math.max(1, Math.ceil((current.validUntil.getTime() - now.getTime()) / 1000) + 1),
  };
}

export default function CheckInScreen() {
  const data = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to={`/manage/sessions/${data.sessionId}/roster`}>{t("roster.title")}</Link>
      </p>
      <h1>
        {t("checkIn.screenTitle")}: {data.title}
      </h1>
      {data.open ? (
        <div className="check-in-screen">
          <p>{t("checkIn.screenIntro", { url: data.checkInUrl })}</p>
          <p className="muted">{t("checkIn.codeLabel")}</p>
          <p className="check-in-code">
            {data.code.slice(0, 3)} {data.code.slice(3)}
          </p>
          <figure className="check-in-qr">
            {/* The SVG is the qrcode library's drawing of our own URL. */}
            <div dangerouslySetInnerHTML={{ __html: data.qrSvg }} role="img" aria-label={t("checkIn.qrLabel")} />
          </figure>
          <p className="muted">
            {t("checkIn.changesAt", { time: formatDateTime(new Date(data.validUntil), i18n.language, data.timeZone) })}
          </p>
          <p>{t("checkIn.checkedInToday", { count: data.checkedIn })}</p>
        </div>
      ) : (
        <p>{data.mode === "online" ? t("checkIn.onlineSession") : t("checkIn.notToday")}</p>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
