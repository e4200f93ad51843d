import { count, desc, or } from "drizzle-orm";
import { mailOutbox } from "../../db/schema";
import { foldedContains } from "../../db/search-fold";
import type { Handle } from "../utils/db.server";
import { redactSecretLinks } from "../utils/log.server";
import type { OutboxFilters } from "../validation/outbox-filters";

export const OUTBOX_PAGE_SIZE = 50;

/**
 * The messages kept in the local outbox, newest first, a page at a time, as organizers read them:
 * the links that are keys (a password reset, an invitation) masked, so that reading the outbox
 * never lets one person act as another. The messages themselves keep them: the outbox is the
 * mail channel of a server without SMTP, and an operator with the database can still pass a link
 * on. The search matches the recipient or the subject (see OutboxFiltersSchema for why not the body).
 */
export async function listOutbox(db: Handle, { q, page: requested }: OutboxFilters = { page: 1 }) {
  const where = q ? or(foldedContains(mailOutbox.to, q), foldedContains(mailOutbox.subject, q)) : undefined;
  const [totalRow] = await db.select({ n: count() }).from(mailOutbox).where(where);
  const total = totalRow?.n ?? 0;
  const pages = Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE));
  const page = Math.min(requested, pages);
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(where)
    .orderBy(desc(mailOutbox.id))
    .limit(OUTBOX_PAGE_SIZE)
    .offset((page - 1) * OUTBOX_PAGE_SIZE);
  const messages = rows.map(({ attachments, text, ...message }) => ({
    ...message,
    text: redactSecretLinks(text),
    attachments: (attachments ?? []).map((a) => a.filename),
  }));
  return { total, page, pages, messages };
}
