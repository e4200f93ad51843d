import { index, integer, table, text } from "./dialect";
import { createdAt } from "./columns";
import { users } from "./users";

/** Who did what to which record, and when. Append-only. */
export const auditEvents = table(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Null when the system acted (a scheduled job, an import run from the command line). */
    actorUserId: integer("actor_user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId),
    index("audit_events_created_idx").on(t.createdAt),
    index("audit_events_actor_idx").on(t.actorUserId),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
