/**
 * Throttles sign-in. Per account: after 5 failures in a row, each further try waits
 * 30 s × 2^(failures − 5), up to 15 minutes; a success clears it. Per address: a generous cap
 * (LOGIN_IP_MAX_FAILURES in LOGIN_IP_WINDOW_MINUTES) so a whole embassy behind one address can
 * still sign in while a password-guessing script cannot.
 */
import { eq } from "drizzle-orm";
import { loginThrottle } from "../../db/schema";
import { getDb } from "../utils/db.server";

const ACCOUNT_FREE_FAILURES = 5;
const MAX_DELAY_MS = 15 * 60 * 1000;

function settings() {
  return {
    baseDelayMs: Number(process.env.LOGIN_LOCKOUT_BASE_SECONDS ?? 30) * 1000,
    ipMaxFailures: Number(process.env.LOGIN_IP_MAX_FAILURES ?? 300),
    ipWindowMs: Number(process.env.LOGIN_IP_WINDOW_MINUTES ?? 15) * 60 * 1000,
  };
}

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const ipKey = (ip: string) => `ip:${ip}`;

export type ThrottleVerdict =
  { allowed: true } | { allowed: false; retryAfterSeconds: number; scope: "account" | "ip" };

/** Whether a sign-in for this account from this address may be tried now. */
export function checkLoginThrottle({
  email,
  ip,
  now = new Date(),
}: {
  email: string;
  ip: string;
  now?: Date;
}): ThrottleVerdict {
  const { baseDelayMs, ipMaxFailures, ipWindowMs } = settings();
  const db = getDb();
  const account = db
    .select()
    .from(loginThrottle)
    .where(eq(loginThrottle.key, accountKey(email)))
    .get();
  if (account && account.failures >= ACCOUNT_FREE_FAILURES) {
    const delay = Math.min(baseDelayMs * 2 ** (account.failures - ACCOUNT_FREE_FAILURES), MAX_DELAY_MS);
    const waitMs = account.lastFailureAt.getTime() + delay - now.getTime();
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000), scope: "account" };
  }
  const address = db
    .select()
    .from(loginThrottle)
    .where(eq(loginThrottle.key, ipKey(ip)))
    .get();
  if (address && address.failures >= ipMaxFailures) {
    const waitMs = address.windowStartedAt.getTime() + ipWindowMs - now.getTime();
    if (waitMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000), scope: "ip" };
  }
  return { allowed: true };
}

/** Counts a failed sign-in against the account and the address, in one transaction. */
export function recordLoginFailure({ email, ip, now = new Date() }: { email: string; ip: string; now?: Date }): void {
  const { ipWindowMs } = settings();
  getDb().transaction(
    (tx) => {
      for (const key of [accountKey(email), ipKey(ip)]) {
        const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get();
        const windowOver = key.startsWith("ip:") && row && now.getTime() - row.windowStartedAt.getTime() >= ipWindowMs;
        if (!row || windowOver) {
          tx.insert(loginThrottle)
            .values({ key, failures: 1, windowStartedAt: now, lastFailureAt: now })
            .onConflictDoUpdate({
              target: loginThrottle.key,
              set: { failures: 1, windowStartedAt: now, lastFailureAt: now },
            })
            .run();
        } else {
          tx.update(loginThrottle)
            .set({ failures: row.failures + 1, lastFailureAt: now })
            .where(eq(loginThrottle.key, key))
            .run();
        }
      }
    },
    { behavior: "immediate" },
  );
}

/** A successful sign-in resets the account's count (the address keeps its window). */
export function clearLoginFailures({ email }: { email: string }): void {
  getDb()
    .delete(loginThrottle)
    .where(eq(loginThrottle.key, accountKey(email)))
    .run();
}
