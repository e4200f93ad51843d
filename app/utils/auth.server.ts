/**
 * Who is asking, and may they? `getUser` returns null for anonymous requests; the `require*`
 * helpers throw: a redirect to /login for the anonymous, a 403 for the signed-in but not allowed.
 */
import { data, redirect } from "react-router";
import type { UserRole } from "../../db/schema";
import { isSupportedLocale } from "../i18n/config";
import { localeCookie } from "../i18n/i18next.server";
import { getDb } from "./db.server";
import {
  createSession,
  invalidateSession,
  readSessionToken,
  serializeExpiredSessionCookie,
  serializeSessionCookie,
  validateSessionToken,
  type SessionUser,
} from "./session.server";

type Resolved = { user: SessionUser; sessionId: string; renewCookie: string | null } | null;

// The root loader and the route's loader both ask; validate the token once per request.
const resolved = new WeakMap<Request, Promise<Resolved>>();

async function resolve(request: Request): Promise<Resolved> {
  const token = await readSessionToken(request);
  if (!token) return null;
  const result = await validateSessionToken(getDb(), token);
  if (!result) return null;
  const renewCookie = result.renewedUntil ? await serializeSessionCookie(request, token, result.renewedUntil) : null;
  return { user: result.user, sessionId: result.sessionId, renewCookie };
}

function resolveOnce(request: Request): Promise<Resolved> {
  let promise = resolved.get(request);
  if (!promise) {
    promise = resolve(request);
    resolved.set(request, promise);
  }
  return promise;
}

export async function getUser(request: Request): Promise<SessionUser | null> {
  return (await resolveOnce(request))?.user ?? null;
}

/** The current session's id and a Set-Cookie value when the session was just renewed. */
export async function getSessionState(
  request: Request,
): Promise<{ sessionId: string | null; renewCookie: string | null }> {
  const state = await resolveOnce(request);
  return { sessionId: state?.sessionId ?? null, renewCookie: state?.renewCookie ?? null };
}

/** The signed-in user, or a redirect to the login page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) return user;
  const url = new URL(request.url);
  // The way back goes into the Location header; an address longer than any page of ours makes
  // (a hand-made one) would overflow what browsers and proxies accept, so it keeps its path only.
  const back = url.pathname + url.search;
  const params = new URLSearchParams({ redirectTo: back.length <= 2_000 ? back : url.pathname.slice(0, 2_000) });
  throw redirect(`/login?${params.toString()}`);
}

export function forbidden(): never {
  throw data(null, { status: 403, statusText: "Forbidden" });
}

/** The signed-in user when their role is one of `roles`; otherwise login (anonymous) or 403. */
export async function requireRole(request: Request, roles: readonly UserRole[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) forbidden();
  // Checked on every request: staff of a suspended institution keep their account, not its console.
  if (user.role === "staff" && !user.institutionActive) forbidden();
  return user;
}

/** Sends the anonymous on; a signed-in person asking for /login or /signup goes home instead. */
export async function requireAnonymous(request: Request): Promise<void> {
  const user = await getUser(request);
  if (user) throw redirect(homeFor(user));
}

/** Where a person lands after signing in, by role. */
export function homeFor(user: Pick<SessionUser, "role">): string {
  if (user.role === "organizer") return "/admin";
  if (user.role === "staff") return "/manage";
  return "/";
}

/**
 * Signs a user in: ends the session the browser had (if any), starts a new one — a fresh id at
 * every sign-in, so a planted cookie is worthless — and redirects with its cookie.
 */
/**
 * Signs a user in on this browser (a fresh auth session, the old one ended) and redirects. The
 * profile's language applies from then on: the switcher's cookie is set to it, so someone who
 * chose Russian on another device reads Russian here too.
 */
export async function signInAndRedirect(
  request: Request,
  user: { id: number; locale: string },
  to: string,
): Promise<Response> {
  const db = getDb();
  const { sessionId } = await getSessionState(request);
  if (sessionId) await invalidateSession(db, sessionId);
  const { token, expiresAt } = await createSession(db, user.id);
  const headers = new Headers({ "Set-Cookie": await serializeSessionCookie(request, token, expiresAt) });
  if (isSupportedLocale(user.locale)) headers.append("Set-Cookie", await localeCookie.serialize(user.locale));
  return redirect(to, { headers });
}

/** Ends this browser's session and clears its cookie. */
export async function signOutAndRedirect(request: Request, to: string): Promise<Response> {
  const { sessionId } = await getSessionState(request);
  if (sessionId) await invalidateSession(getDb(), sessionId);
  return redirect(to, { headers: { "Set-Cookie": await serializeExpiredSessionCookie(request) } });
}
