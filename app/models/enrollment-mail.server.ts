/**
 * Tells trainees about their places, each in their own language, after the change is committed.
 * A failure to send one message is logged and does not undo the enrollment it describes.
 */
import { i18nServer } from "../i18n/i18next.server";
import { DEFAULT_LOCALE, isSupportedLocale } from "../i18n/config";
import { formatRange } from "../utils/format";
import { composeMail, sendMail } from "../utils/mail.server";
import { placeCalendar } from "./calendar.server";
import { getPlaceForMail, type EnrollmentNotice } from "./enrollment.server";

const TEMPLATES: Record<string, { subject: string; body: string; calendar: boolean }> = {
  confirmed: { subject: "mail.enrollment.confirmedSubject", body: "mail.enrollment.confirmedBody", calendar: true },
  waitlisted: { subject: "mail.enrollment.waitlistedSubject", body: "mail.enrollment.waitlistedBody", calendar: false },
  promoted: { subject: "mail.enrollment.promotedSubject", body: "mail.enrollment.promotedBody", calendar: true },
  "cancelled.trainee": {
    subject: "mail.enrollment.cancelledSubject",
    body: "mail.enrollment.cancelledByTraineeBody",
    calendar: true,
  },
  "cancelled.staff": {
    subject: "mail.enrollment.cancelledSubject",
    body: "mail.enrollment.cancelledByStaffBody",
    calendar: true,
  },
  "cancelled.session": {
    subject: "mail.enrollment.sessionCancelledSubject",
    body: "mail.enrollment.sessionCancelledBody",
    calendar: true,
  },
};

function templateFor(notice: EnrollmentNotice) {
  const key = notice.kind === "cancelled" ? `cancelled.${notice.by}` : notice.kind;
  const template = TEMPLATES[key];
  if (!template) throw new Error(`No mail template for ${key}`);
  return template;
}

export async function sendEnrollmentMail(notices: EnrollmentNotice[], siteUrl: string): Promise<void> {
  for (const notice of notices) {
    try {
      await sendOne(notice, siteUrl);
    } catch (error) {
      console.error(`Could not send the mail for registration ${notice.registrationId}`, error);
    }
  }
}

async function sendOne(notice: EnrollmentNotice, siteUrl: string) {
  const found = getPlaceForMail(notice.registrationId);
  if (!found) return;
  const { email, name, place } = found;
  const locale = isSupportedLocale(found.locale) ? found.locale : DEFAULT_LOCALE;
  const t = await i18nServer.getFixedT(locale);
  const template = templateFor(notice);
  const details = [
    formatRange(place.startsAt, place.endsAt, locale, place.timeZone) + ` — ${place.timeZone}`,
    place.venue ? t("enrollment.venueAt", { venue: place.venue }) : null,
    place.joinUrl ? t("enrollment.joinAt", { link: place.joinUrl }) : null,
  ]
    .filter(Boolean)
    .join("\n");
  const message = await composeMail({
    to: email,
    name,
    locale,
    subjectKey: template.subject,
    bodyKey: template.body,
    values: {
      title: place.title,
      details,
      position: notice.kind === "waitlisted" ? notice.position : (place.position ?? 0),
      reason: notice.kind === "cancelled" ? (notice.reason ?? "") : "",
      link: `${siteUrl}/me/enrollments`,
    },
    attachments: template.calendar
      ? [
          {
            filename: "training.ics",
            contentType: "text/calendar; charset=utf-8",
            content: placeCalendar(place, { t, siteUrl }),
          },
        ]
      : undefined,
  });
  await sendMail(message);
}
