import { auditEvents } from "../../db/schema";
import type { Tx } from "../utils/db.server";

/**
 * Records who did what to which record, on the handle given: inside a change, the transaction
 * of the change it describes, so that the record and the change commit or fail together.
 */
export async function recordAuditEvent(
  tx: Tx,
  {
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
  },
): Promise<void> {
  await tx
    .insert(auditEvents)
    .values({ actorUserId, action, entityType, entityId: String(entityId), ...(details ? { details } : {}) });
}
