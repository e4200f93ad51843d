/**
 * Sessions after Lucia's reference design (docs/decisions/0004-sessions-without-lucia.md).
 * The cookie holds `id.secret`; the database holds the id and a SHA-256 of the secret, compared
 * in constant time. Expiry slides but never passes an absolute lifetime counted from sign-in.
 * Staff and organizers, whose sessions reach other people's personal data, end sooner when idle
 * (ASVS 7.3): see SESSION_POLICIES.
 */
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { createCookie } from "react-router";
import { eq, lt, sql } from "drizzle-orm";
import { authSessions, institutions, users, type User, type UserRole } from "../../db/schema";
import { preparedStatements, transaction, type Db, type Handle, type Tx } from "./db.server";
import { hashSecret, randomId, randomSecret } from "./tokens.server";

const MINUTE_MS = 60 * 1000;
const DAY_MS = 24 * 60 * MINUTE_MS;

type SessionPolicy = {
  /** A session unused this long ends. */
  idleMs: number;
  /** The expiry is pushed back (one write) once less than this remains: not on every request. */
  renewBelowMs: number;
  /** No session lives longer than this from sign-in, used or not. */
  absoluteMs: number;
};
/** A trainee stays signed in for weeks; staff and organizers for a working day, 30 minutes idle. */
export const SESSION_POLICIES: Record<"trainee" | "staff", SessionPolicy> = {
  trainee: { idleMs: 30 * DAY_MS, renewBelowMs: 15 * DAY_MS, absoluteMs: 90 * DAY_MS },
  staff: { idleMs: 30 * MINUTE_MS, renewBelowMs: 25 * MINUTE_MS, absoluteMs: 12 * 60 * MINUTE_MS },
};
export const sessionPolicyFor = (role: UserRole): SessionPolicy =>
  role === "trainee" ? SESSION_POLICIES.trainee : SESSION_POLICIES.staff;
export const SESSION_LIFETIME_MS = SESSION_POLICIES.trainee.idleMs;

// `Secure` is decided per request: always over HTTPS (production behind TLS), and left off on
// plain http so the demo works on a LAN address too. Browsers never send it cross-site (Lax).
export const sessionCookie = createCookie("session", {
  httpOnly: true,
  sameSite: "lax",
  path: "/",
  maxAge: SESSION_LIFETIME_MS / 1000,
});

function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:";
}

export type SessionUser = Pick<User, "id" | "email" | "name" | "role" | "institutionId" | "locale" | "countryCode"> & {
  /** False for staff of a suspended institution: their access ends with its membership. */
  institutionActive: boolean;
};

/** Starts a new session for a user and returns the token for the cookie. */
export async function createSession(
  db: Db,
  userId: number,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const id = randomId();
  const secret = randomSecret(32);
  const [user] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId));
  const expiresAt = new Date(now.getTime() + sessionPolicyFor(user?.role ?? "trainee").idleMs);
  await transaction(db, (tx) =>
    tx.insert(authSessions).values({ id, userId, secretHash: hashSecret(secret), createdAt: now, expiresAt }),
  );
  return { token: `${id}.${secret}`, expiresAt };
}

// Every signed-in request reads its session: compiled once.
const sessionStatements = preparedStatements((db: Handle) => ({
  byId: db
    .select({
      session: authSessions,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        institutionId: users.institutionId,
        locale: users.locale,
        countryCode: users.countryCode,
        deletedAt: users.deletedAt,
      },
      institutionStatus: institutions.status,
    })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .leftJoin(institutions, eq(institutions.id, users.institutionId))
    .where(eq(authSessions.id, sql.placeholder("id")))
    .prepare(),
}));

/**
 * The session's user when the token is valid, with a new expiry when the session was renewed;
 * null for a malformed, unknown, expired or forged token.
 */
export async function validateSessionToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ user: SessionUser; sessionId: string; renewedUntil: Date | null } | null> {
  const [id, secret, ...rest] = token.split(".");
  if (!id || !secret || rest.length > 0 || id.length > 32 || secret.length > 64) return null;
  const [row] = await sessionStatements(db).byId.execute({ id });
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), row.session.secretHash)) return null;
  const policy = sessionPolicyFor(row.user.role);
  const absoluteEnd = row.session.createdAt.getTime() + policy.absoluteMs;
  if (now >= row.session.expiresAt || now.getTime() >= absoluteEnd || row.user.deletedAt) {
    await transaction(db, (tx) => tx.delete(authSessions).where(eq(authSessions.id, id)));
    return null;
  }
  let renewedUntil: Date | null = null;
  if (row.session.expiresAt.getTime() - now.getTime() < policy.renewBelowMs) {
    const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, absoluteEnd));
    await transaction(db, (tx) => tx.update(authSessions).set({ expiresAt }).where(eq(authSessions.id, id)));
    renewedUntil = expiresAt;
  }
  const { deletedAt: _deleted, ...user } = row.user;
  const institutionActive = row.institutionStatus === null || row.institutionStatus === "active";
  return { user: { ...user, institutionActive }, sessionId: id, renewedUntil };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await transaction(db, (tx) => tx.delete(authSessions).where(eq(authSessions.id, sessionId)));
}

/**
 * Signs a user out everywhere: after a password change, a role change or account deletion, in
 * the transaction of that change, so the old sign-ins end with the rights or password they had.
 */
export async function invalidateUserSessions(tx: Tx, userId: number): Promise<void> {
  await tx.delete(authSessions).where(eq(authSessions.userId, userId));
}

/** Removes sessions past their expiry; cheap, run now and then. */
export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<void> {
  await transaction(db, (tx) => tx.delete(authSessions).where(lt(authSessions.expiresAt, now)));
}

/** The Set-Cookie value for a new or renewed session. */
export function serializeSessionCookie(request: Request, token: string, expiresAt: Date): Promise<string> {
  return sessionCookie.serialize(token, { expires: expiresAt, maxAge: undefined, secure: isHttps(request) });
}

export function serializeExpiredSessionCookie(request: Request): Promise<string> {
  return sessionCookie.serialize("", { maxAge: 0, expires: new Date(0), secure: isHttps(request) });
}

/** Reads the session token from the request's cookie, if any. */
export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}
