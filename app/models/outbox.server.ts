import { desc } from "drizzle-orm";
import { mailOutbox } from "../../db/schema";
import { getDb } from "../utils/db.server";

/** The newest messages kept in the local outbox. */
export function listOutbox({ limit = 100 }: { limit?: number } = {}) {
  return getDb()
    .select()
    .from(mailOutbox)
    .orderBy(desc(mailOutbox.id))
    .limit(limit)
    .all()
    .map(({ attachments, ...message }) => ({ ...message, attachments: (attachments ?? []).map((a) => a.filename) }));
}
