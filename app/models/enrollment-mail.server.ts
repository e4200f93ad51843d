/**
 * Tells trainees about their places, each in their own language. Changes queue their notices in
 * their own transaction (enrollment_notices); this module mails them after the commit, outside
 * the request's path. A failure to send is logged and retried; it never undoes an enrollment.
 */
import { translatorFor } from "../i18n/i18next.server";
import { DEFAULT_LOCALE, isSupportedLocale } from "../i18n/config";
import { formatRange } from "../utils/format";
import { composeMail, keepInOutbox, sendMail, usesOutbox, type MailMessage } from "../utils/mail.server";
import { publicSiteUrl } from "../utils/env.server";
import { placeCalendar } from "./calendar.server";
import { inArray, sql } from "drizzle-orm";
import { enrollmentNotices } from "../../db/schema";
import { transaction, type Db, type Tx } from "../utils/db.server";
import { engineSql } from "./engine-sql/index.server";
import { CoalescedRuns } from "../utils/coalesced-runs";
import { log } from "../utils/log.server";
import { getPlacesForMail, type EnrollmentNotice, type PlaceForMail } from "./enrollment.server";

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

const CLAIM_BATCH = 50;
/** A claim older than this is taken to belong to a process that died while sending. */
const CLAIM_EXPIRY_MS = 5 * 60_000;

/**
 * Takes up to a batch of pending notices for this process in one statement; another process
 * never gets the same ones. On PostgreSQL the rows another process is claiming are passed over
 * (engine-sql: `claimRows`); on SQLite no other writer runs meanwhile.
 */
async function claimBatch(db: Db, now: Date) {
  const expiredBefore = new Date(now.getTime() - CLAIM_EXPIRY_MS);
  const claimed = await transaction(db, (tx) =>
    tx
      .update(enrollmentNotices)
      .set({ claimedAt: now })
      .where(
        sql`${enrollmentNotices.id} in (select id from ${enrollmentNotices} where sent_at is null
          and (claimed_at is null or claimed_at < ${sql.param(expiredBefore, enrollmentNotices.claimedAt)})
          order by id limit ${CLAIM_BATCH} ${engineSql.claimRows})`,
      )
      .returning(),
  );
  return claimed.sort((a, b) => a.id - b.id);
}

/** Marks notices sent, in the caller's transaction. */
async function markSent(tx: Tx, ids: number[]): Promise<void> {
  await tx.update(enrollmentNotices).set({ sentAt: new Date() }).where(inArray(enrollmentNotices.id, ids));
}

type QueuedNotice = Awaited<ReturnType<typeof claimBatch>>[number];

function toNotice(row: QueuedNotice): EnrollmentNotice {
  if (row.kind === "waitlisted")
    return { kind: "waitlisted", registrationId: row.registrationId, position: row.position ?? 0 };
  if (row.kind === "cancelled")
    return {
      kind: "cancelled",
      registrationId: row.registrationId,
      by: row.cancelledBy ?? "staff",
      reason: row.reason,
    };
  return { kind: row.kind, registrationId: row.registrationId };
}

/**
 * Mails every pending notice, batch by batch, until a claim finds less than a batch (what is
 * committed after that claim is the next delivery's: each change schedules one). A message that
 * fails stays claimed and is tried again once its claim expires. Claims and "sent" marks are
 * transactions of their own; the mail is composed and sent between them, never inside one.
 */
export async function deliverQueuedMail(db: Db, siteUrl = publicSiteUrl()): Promise<number> {
  let delivered = 0;
  for (;;) {
    const batch = await claimBatch(db, new Date());
    if (batch.length === 0) return delivered;
    // One read for the batch's places, and with the outbox one write for its messages and marks:
    // a burst of enrollments costs a few statements more, not three more each.
    const places = await getPlacesForMail(
      db,
      batch.map((row) => row.registrationId),
    );
    const composed = batch.map((row) => {
      const found = places.get(row.registrationId);
      return { id: row.id, message: found ? composeNoticeMail(found, toNotice(row), siteUrl) : null };
    });
    if (usesOutbox()) {
      await transaction(db, async (tx) => {
        await keepInOutbox(tx, ...composed.flatMap(({ message }) => (message ? [message] : [])));
        await markSent(
          tx,
          composed.map(({ id }) => id),
        );
      });
      delivered += composed.length;
    } else {
      for (const { id, message } of composed) {
        try {
          if (message) await sendMail(db, message);
          await transaction(db, (tx) => markSent(tx, [id]));
          delivered++;
        } catch (error) {
          log.error({ err: error, noticeId: id }, "could not send a notice's mail; it will be tried again");
        }
      }
    }
    if (batch.length < CLAIM_BATCH) return delivered;
  }
}

let scheduled = false;
/**
 * One delivery at a time, and one more after it for whatever was committed meanwhile: a burst
 * of enrollments is mailed by two deliveries of up to a batch a claim, not one each.
 */
const deliveries = new CoalescedRuns<Db>(
  (db) => deliverQueuedMail(db),
  (error) => log.error({ err: error }, "mail delivery failed"),
);

function deliverInBackground(db: Db): void {
  deliveries.request(db);
}

/** Resolves once the deliveries scheduled so far (scheduleMailDelivery) are done. */
export async function backgroundDeliveryDone(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await deliveries.done();
}

/** Delivers pending mail soon after the current request has answered; calls within one tick coalesce. */
export function scheduleMailDelivery(db: Db): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    deliverInBackground(db);
  });
}

/**
 * In each server process: deliver what a previous run left pending, then look again every so
 * often. The returned function stops looking and resolves once the delivery under way is done.
 */
export function startMailDelivery(db: Db, intervalMs = 15_000): () => Promise<void> {
  deliverInBackground(db);
  const timer = setInterval(() => deliverInBackground(db), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await deliveries.done();
  };
}

/** The message telling a trainee about their place (read with getPlacesForMail). */
function composeNoticeMail(found: PlaceForMail, notice: EnrollmentNotice, siteUrl: string): MailMessage {
  const { email, name, place } = found;
  const locale = isSupportedLocale(found.locale) ? found.locale : DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const template = templateFor(notice);
  const details = [
    formatRange(place.startsAt, place.endsAt, locale, place.timeZone) + ` — ${place.timeZone}`,
    place.venue ? t("enrollment.venueAt", { venue: place.venue }) : null,
    place.joinUrl ? t("enrollment.joinAt", { link: place.joinUrl }) : null,
  ]
    .filter(Boolean)
    .join("\n");
  return composeMail({
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
}
