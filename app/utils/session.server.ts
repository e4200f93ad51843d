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
import { getDb, preparedStatements } from "./db.server";
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
export function createSession(userId: number, now = new Date()): { token: string; expiresAt: Date } {
  const id = randomId();
  const secret = randomSecret(32);
  const role = getDb().select({ role: users.role }).from(users).where(eq(users.id, userId)).get()?.role ?? "trainee";
  const expiresAt = new Date(now.getTime() + sessionPolicyFor(role).idleMs);
  getDb()
    .insert(authSessions)
    .values({ id, userId, secretHash: hashSecret(secret), createdAt: now, expiresAt })
    .run();
  return { token: `${id}.${secret}`, expiresAt };
}

/**
 * The session's user when the token is valid, with a new expiry when the session was renewed;
 * null for a malformed, unknown, expired or forged token.
 */
// Every signed-in request reads its session: compiled once.
const sessionStatements = preparedStatements((db) => ({
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

export function validateSessionToken(
  token: string,
  now = new Date(),
): { user: SessionUser; sessionId: string; renewedUntil: Date | null } | null {
  const [id, secret, ...rest] = token.split(".");
  if (!id || !secret || rest.length > 0 || id.length > 32 || secret.length > 64) return null;
  const db = getDb();
  const row = sessionStatements().byId.get({ id });
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), row.session.secretHash)) return null;
  const policy = sessionPolicyFor(row.user.role);
  const absoluteEnd = row.session.createdAt.getTime() + policy.absoluteMs;
  if (now >= row.session.expiresAt || now.getTime() >= absoluteEnd || row.user.deletedAt) {
    db.delete(authSessions).where(eq(authSessions.id, id)).run();
    return null;
  }
  let renewedUntil: Date | null = null;
  if (row.session.expiresAt.getTime() - now.getTime() < policy.renewBelowMs) {
    renewedUntil = new Date(Math.min(now.getTime() + policy.idleMs, absoluteEnd));
    db.update(authSessions).set({ expiresAt: renewedUntil }).where(eq(authSessions.id, id)).run();
  }
  const { deletedAt: _deleted, ...user } = row.user;
  const institutionActive = row.institutionStatus === null || row.institutionStatus === "active";
  return { user: { ...user, institutionActive }, sessionId: id, renewedUntil };
}

export function invalidateSession(sessionId: string): void {
  getDb().delete(authSessions).where(eq(authSessions.id, sessionId)).run();
}

/** Signs a user out everywhere: after a password change, a role change or account deletion. */
export function invalidateUserSessions(userId: number): void {
  getDb().delete(authSessions).where(eq(authSessions.userId, userId)).run();
}

/** Removes sessions past their expiry; cheap, run now and then. */
export function deleteExpiredSessions(now = new Date()): void {
  getDb().delete(authSessions).where(lt(authSessions.expiresAt, now)).run();
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
