/**
 * All mail leaves through here. With SMTP_URL set, nodemailer sends it; without, it is kept in
 * the outbox table, readable by organizers at /admin/outbox.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { mailOutbox } from "../../db/schema";
import type { MailAttachment } from "../../db/schema/mail";
import { translatorFor } from "~/i18n/i18next.server";
import { isSupportedLocale, DEFAULT_LOCALE } from "~/i18n/config";
import { transaction, type Db, type Tx } from "./db.server";
import { env, mailSender } from "./env.server";
import { log } from "./log.server";

let transporter: Transporter | null | undefined;
function getTransporter(): Transporter | null {
  if (transporter === undefined) {
    const { SMTP_URL } = env();
    transporter = SMTP_URL ? nodemailer.createTransport(SMTP_URL) : null;
  }
  return transporter;
}

export type MailMessage = {
  to: string;
  subject: string;
  text: string;
  locale: string;
  attachments?: MailAttachment[];
};

/** True when mail is kept in the outbox table (no SMTP_URL) rather than sent. */
export function usesOutbox(): boolean {
  return getTransporter() === null;
}

/**
 * Keeps messages in the outbox table in one statement, in the caller's transaction: one
 * message, or a mail delivery's whole batch. (Values, not placeholders: a placeholder would
 * store a null attachment list as the JSON text "null".)
 */
export async function keepInOutbox(tx: Tx, ...messages: MailMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await tx
    .insert(mailOutbox)
    .values(
      messages.map(({ attachments, ...rest }) => ({ ...rest, attachments: attachments?.length ? attachments : null })),
    );
}

/**
 * Sends a message now, or without SMTP keeps it in the outbox in a transaction of its own. Call
 * it outside any transaction: it waits for the SMTP server, and it would open one itself.
 */
export async function sendMail(db: Db, message: MailMessage): Promise<void> {
  const transport = getTransporter();
  if (!transport) return transaction(db, (tx) => keepInOutbox(tx, message));
  await transport.sendMail({
    from: mailSender(env()),
    to: message.to,
    subject: message.subject,
    text: message.text,
    attachments: message.attachments,
  });
}

/** Messages handed to SMTP after their request answered, not yet accepted by it. */
const inFlight = new Set<Promise<void>>();

/**
 * Sends a message after the request has answered: the answer neither waits for the SMTP server
 * (a real account would take longer than an unknown one, and tell itself apart) nor fails with it.
 * A failure is logged; the sender asks again (a reset link) or the organizer re-sends (an
 * invitation). Without SMTP the message goes into the outbox at once, as ever, in a transaction
 * of its own: call it after the change's transaction has committed, never inside one.
 */
export async function sendAfterAnswer(db: Db, message: MailMessage): Promise<void> {
  if (usesOutbox()) return transaction(db, (tx) => keepInOutbox(tx, message));
  const sending: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => sendMail(db, message))
    .catch((error: unknown) => log.error({ err: error }, "could not send a message; its sender can ask again"))
    .finally(() => inFlight.delete(sending));
  inFlight.add(sending);
}

/** Waits for the messages still being handed over (the server stopping). */
export async function settleMailInFlight(): Promise<void> {
  await Promise.all([...inFlight]);
}

/**
 * Writes a message in the recipient's language from catalog keys: a greeting, the body, the
 * signature. `values` fill the subject's and the body's placeholders.
 */
export function composeMail({
  to,
  name,
  locale,
  subjectKey,
  bodyKey,
  values,
  attachments,
}: {
  to: string;
  name: string;
  locale: string;
  subjectKey: string;
  bodyKey: string;
  values: Record<string, string | number>;
  attachments?: MailAttachment[];
}): MailMessage {
  const language = isSupportedLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = translatorFor(language);
  const text = [t("mail.greeting", { name }), "", t(bodyKey, values), "", t("mail.signature")].join("\n");
  return { to, subject: t(subjectKey, values), text, locale: language, attachments };
}
