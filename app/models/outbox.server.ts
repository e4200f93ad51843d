import { desc } from "drizzle-orm";
import { mailOutbox } from "../../db/schema";
import { getDb } from "../utils/db.server";
import { redactSecretLinks } from "../utils/log.server";

/**
 * The newest messages kept in the local outbox, as organizers read them: the links that are keys
 * (a password reset, an invitation) masked, so that reading the outbox never lets one person act
 * as another. The messages themselves keep them: the outbox is the mail channel of a server
 * without SMTP, and an operator with the database can still pass a link on.
 */
export function listOutbox({ limit = 100 }: { limit?: number } = {}) {
  return getDb()
    .select()
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(limit)
    .all()
    .map(({ attachments, text, ...message }) => ({
      ...message,
      text: redactSecretLinks(text),
      attachments: (attachments ?? []).map((a) => a.filename),
    }));
}
