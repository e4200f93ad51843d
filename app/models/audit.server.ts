import { auditEvents } from "../../db/schema";
import { getDb } from "../utils/db.server";

/** Records who did what to which record. Call it inside the transaction of the change it describes. */
export function recordAuditEvent({
  actorUserId,
  action,
  entityType,
  entityId,
  details,
}: {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: string | number;
  details?: Record<string, unknown>;
}): void {
  getDb()
    .insert(auditEvents)
    .values({ actorUserId, action, entityType, entityId: String(entityId), details: details ?? null })
    .run();
}
