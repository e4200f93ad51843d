import { SQL, sql } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import type { Tx } from "../utils/db.server";

export type AuditEvent = {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId: string | number | SQL;
  details?: Record<string, unknown>;
};

/**
 * The insert that records an event, not yet sent: for a write that sends it with the change it
 * describes (engineSql.writeWithDependents). An id given as SQL (the id of a row being written
 * in the same statement) is stored as text, as every entity id is.
 */
export function auditEventInsert(tx: Tx, { actorUserId, action, entityType, entityId, details }: AuditEvent) {
  return tx.insert(auditEvents).values({
    actorUserId,
    action,
    entityType,
    entityId: entityId instanceof SQL ? sql<string>`cast(${entityId} as text)` : String(entityId),
    ...(details ? { details } : {}),
  });
}

/**
 * Records who did what to which record, on the handle given: inside a change, the transaction
 * of the change it describes, so that the record and the change commit or fail together.
 */
export async function recordAuditEvent(tx: Tx, event: AuditEvent): Promise<void> {
  await auditEventInsert(tx, event);
}
