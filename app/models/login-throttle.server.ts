/**
 * Throttles sign-in without handing anyone a way to lock an account out.
 *
 * - Per account *and* address: after 5 failures in a row from one address, each further try from
 *   there waits LOGIN_LOCKOUT_BASE_SECONDS × 2^(failures − 5), up to 15 minutes. Someone who
 *   knows an e-mail address slows only their own address: the owner signing in from elsewhere
 *   still gets in.
 * - Per account, from every address together: a ceiling (LOGIN_ACCOUNT_MAX_FAILURES per window)
 *   against guessing spread over many addresses.
 * - Per address, across accounts: a generous cap (LOGIN_IP_MAX_FAILURES per window) so a whole
 *   embassy behind one address can still sign in while a password-guessing script cannot.
 * A success clears the account-and-address count. Windows are LOGIN_IP_WINDOW_MINUTES long.
 */
import { eq } from "drizzle-orm";
import { loginThrottle } from "../../db/schema";
import { transaction, type Db, type Handle, type Tx } from "../utils/db.server";
import { env } from "../utils/env.server";
import { recordAuditEvent } from "./audit.server";
import { clearLimit, countAgainst, exhaustedLimit, type WindowLimit } from "./rate-limits.server";

const PAIR_FREE_FAILURES = 5;
const MAX_DELAY_MS = 15 * 60 * 1000;

export type LoginThrottleSettings = {
  baseDelayMs: number;
  accountMaxFailures: number;
  ipMaxFailures: number;
  windowMs: number;
};

export function loginThrottleSettings(): LoginThrottleSettings {
  const settings = env();
  return {
    baseDelayMs: settings.LOGIN_LOCKOUT_BASE_SECONDS * 1000,
    accountMaxFailures: settings.LOGIN_ACCOUNT_MAX_FAILURES,
    ipMaxFailures: settings.LOGIN_IP_MAX_FAILURES,
    windowMs: settings.LOGIN_IP_WINDOW_MINUTES * 60 * 1000,
  };
}

const pairKey = (email: string, ip: string) => `login:pair:${email.toLowerCase()}|${ip}`;
const windowLimits = (
  email: string,
  ip: string,
  settings: LoginThrottleSettings,
): (WindowLimit & { scope: Scope })[] => [
  {
    key: `login:account:${email.toLowerCase()}`,
    limit: settings.accountMaxFailures,
    windowMs: settings.windowMs,
    scope: "account",
  },
  { key: `ip:${ip}`, limit: settings.ipMaxFailures, windowMs: settings.windowMs, scope: "ip" },
];

type Scope = "account" | "ip";
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: Scope };

type Attempt = { email: string; ip: string; now?: Date; settings?: LoginThrottleSettings };

/** Whether a sign-in for this account from this address may be tried now. */
export async function checkLoginThrottle(
  db: Handle,
  { email, ip, now = new Date(), settings = loginThrottleSettings() }: Attempt,
): Promise<ThrottleVerdict> {
  const [pair] = await db
    .select()
    .from(loginThrottle)
    .where(eq(loginThrottle.key, pairKey(email, ip)));
  if (pair && pair.failures >= PAIR_FREE_FAILURES) {
    const delay = Math.min(settings.baseDelayMs * 2 ** (pair.failures - PAIR_FREE_FAILURES), MAX_DELAY_MS);
    const waitMs = pair.lastFailureAt.getTime() + delay - now.getTime();
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000), scope: "account" };
  }
  const limits = windowLimits(email, ip, settings);
  const verdict = await exhaustedLimit(db, limits, now);
  if (verdict.allowed) return verdict;
  const scope = limits.find((limit) => limit.key === verdict.key)?.scope ?? "ip";
  return { allowed: false, retryAfterSeconds: verdict.retryAfterSeconds, scope };
}

/** Counts a failed sign-in against the pair, the account and the address, in the caller's transaction. */
async function countLoginFailure(
  tx: Tx,
  { email, ip, now = new Date(), settings = loginThrottleSettings() }: Attempt,
): Promise<void> {
  // The pair counts failures in a row, so its window never ends on its own: a success clears it.
  await countAgainst(tx, [{ key: pairKey(email, ip), windowMs: Number.MAX_SAFE_INTEGER }], now);
  await countAgainst(tx, windowLimits(email, ip, settings), now);
}

/** Counts a failed sign-in against the pair, the account and the address, in one transaction. */
export async function recordLoginFailure(db: Db, attempt: Attempt): Promise<void> {
  await transaction(db, (tx) => countLoginFailure(tx, attempt));
}

/** A successful sign-in clears its own address's count for the account; the ceilings keep their windows. */
export async function clearLoginFailures(db: Db, { email, ip }: { email: string; ip: string }): Promise<void> {
  await clearLimit(db, pairKey(email, ip));
}

/**
 * A failed sign-in: counted against the address and the client, and kept in the audit log, in
 * one transaction.
 */
export async function recordFailedSignIn(db: Db, { email, ip }: { email: string; ip: string }): Promise<void> {
  await transaction(db, async (tx) => {
    await countLoginFailure(tx, { email, ip });
    await recordAuditEvent(tx, {
      actorUserId: null,
      action: "auth.sign_in_failed",
      entityType: "account",
      entityId: email,
      details: { ip },
    });
  });
}
