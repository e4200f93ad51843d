import { sql } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import { preparedStatements } from "../utils/db.server";

const eventValues = {
  actorUserId: sql.placeholder("actorUserId"),
  action: sql.placeholder("action"),
  entityType: sql.placeholder("entityType"),
  entityId: sql.placeholder("entityId"),
};
const statements = preparedStatements((db) => ({
  insert: db
    .insert(auditEvents)
    .values({ ...eventValues, details: sql.placeholder("details") })
    .prepare(),
  // A JSON column maps a null placeholder to the text "null"; events without details use this one.
  insertWithoutDetails: db.insert(auditEvents).values(eventValues).prepare(),
}));

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
  const values = { actorUserId, action, entityType, entityId: String(entityId) };
  if (details) statements().insert.run({ ...values, details });
  else statements().insertWithoutDetails.run(values);
}
