/**
 * Organizers' API tokens for the statistics API. A token is a random secret shown once; only
 * its SHA-256 is stored (as for sessions and calendar feeds), so a copy of the database lets
 * nobody call the API. Revoking keeps the row, for the audit trail.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { apiTokens, users } from "../../db/schema";
import { preparedStatements, transaction, type Db, type Handle } from "../utils/db.server";
import { hashSecret, randomSecret } from "../utils/tokens.server";
import type { Actor } from "./actor-scope.server";
import { recordAuditEvent } from "./audit.server";

/** Tokens start with a recognisable prefix, so a leaked one is easy to spot in logs or code. */
const TOKEN_PREFIX = "brt_";
/** last_used_at is written at most this often, so a busy BI tool does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export async function createApiToken(
  db: Db,
  { actor, name }: { actor: Actor; name: string },
): Promise<{ id: number; token: string }> {
  const token = TOKEN_PREFIX + randomSecret(32);
  return transaction(db, async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name, tokenHash: hashSecret(token), createdBy: actor.id })
      .returning({ id: apiTokens.id });
    if (!row) throw new Error("The API token was not stored.");
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "api_token.created",
      entityType: "api_token",
      entityId: row.id,
    });
    return { id: row.id, token };
  });
}

export async function revokeApiToken(db: Db, { actor, id }: { actor: Actor; id: number }): Promise<boolean> {
  return transaction(db, async (tx) => {
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (revoked.length === 0) return false;
    await recordAuditEvent(tx, {
      actorUserId: actor.id,
      action: "api_token.revoked",
      entityType: "api_token",
      entityId: id,
    });
    return true;
  });
}

export async function listApiTokens(db: Handle) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
      createdBy: users.name,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt));
}

const statements = preparedStatements((db: Handle) => ({
  byHash: db
    .select({
      id: apiTokens.id,
      lastUsedAt: apiTokens.lastUsedAt,
      createdBy: apiTokens.createdBy,
      role: users.role,
      deletedAt: users.deletedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdBy))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt)))
    .prepare(),
}));

/**
 * The live token a request's `Authorization: Bearer …` header carries, or null. A token stops
 * working when revoked, or when the organizer who made it is no longer an organizer or no longer
 * has an account: checked on every use.
 */
export async function authenticateApiToken(
  db: Db,
  authorization: string | null,
  now = new Date(),
): Promise<{ id: number } | null> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  const token = match?.[1];
  if (!token || !token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const [row] = await statements(db).byHash.execute({ hash: hashSecret(token) });
  if (!row || row.role !== "organizer" || row.deletedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS)
    await transaction(db, (tx) => tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)));
  return { id: row.id };
}
