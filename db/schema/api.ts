import { blob, integer, table, text } from "./dialect";
import { createdAt, instant } from "./columns";
import { users } from "./users";

/**
 * Organizers' tokens for the statistics API (the office's BI tools). Only the SHA-256 of the
 * secret is stored: the token is shown once, when made. Revoked tokens stay for the audit trail.
 */
export const apiTokens = table("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  tokenHash: blob("token_hash", { mode: "buffer" }).notNull().unique(),
  createdBy: integer("created_by")
    .notNull()
    .references(() => users.id),
  createdAt: createdAt(),
  lastUsedAt: instant("last_used_at"),
  revokedAt: instant("revoked_at"),
});

export type ApiToken = typeof apiTokens.$inferSelect;
