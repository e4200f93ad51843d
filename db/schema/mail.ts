import { index, integer, table, text } from "./dialect";
import { createdAt } from "./columns";

/** A file sent with a message; text content only (calendar files). */
export type MailAttachment = { filename: string; contentType: string; content: string };

/**
 * Messages kept on this server when no SMTP server is configured, for organizers to read at
 * /admin/outbox (and for tests to follow a reset link).
 */
export const mailOutbox = table(
  "mail_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    locale: text("locale").notNull(),
    attachments: text("attachments", { mode: "json" }).$type<MailAttachment[]>(),
    createdAt: createdAt(),
  },
  (t) => [index("mail_outbox_to_idx").on(t.to), index("mail_outbox_created_idx").on(t.createdAt)],
);

export type OutboxMessage = typeof mailOutbox.$inferSelect;
