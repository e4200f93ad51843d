/**
 * Counters in fixed windows, kept in the database so that every worker process shares them:
 * "at most N of this per key in W minutes". Sign-in, sign-up and password-reset limits are built
 * on them. Rows live in login_throttle (key, count, window start, last count).
 */
import { eq } from "drizzle-orm";
import { loginThrottle } from "../../db/schema";
import { transaction, type Db, type Handle, type Tx } from "../utils/db.server";

export type WindowLimit = { key: string; limit: number; windowMs: number };

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; key: string };

/** The count of a key in its current window (0 once the window is over), and when the window ends. */
async function windowOf(db: Handle, { key, windowMs }: Omit<WindowLimit, "limit">, now: Date) {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.key, key));
  if (!row) return { count: 0, endsAt: now.getTime() + windowMs, row };
  const endsAt = row.windowStartedAt.getTime() + windowMs;
  return endsAt <= now.getTime()
    ? { count: 0, endsAt: now.getTime() + windowMs, row }
    : { count: row.failures, endsAt, row };
}

/** The first of these limits that is used up, with the seconds until its window ends. */
export async function exhaustedLimit(db: Handle, limits: WindowLimit[], now: Date): Promise<LimitVerdict> {
  for (const limit of limits) {
    const { count, endsAt } = await windowOf(db, limit, now);
    if (count >= limit.limit)
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((endsAt - now.getTime()) / 1000)),
        key: limit.key,
      };
  }
  return { allowed: true };
}

/** Counts one more against each key, in the caller's transaction; a key whose window is over starts a new one. */
export async function countAgainst(tx: Tx, limits: Omit<WindowLimit, "limit">[], now: Date): Promise<void> {
  for (const limit of limits) {
    const { count, row } = await windowOf(tx, limit, now);
    if (!row || count === 0)
      await tx
        .insert(loginThrottle)
        .values({ key: limit.key, failures: 1, windowStartedAt: now, lastFailureAt: now })
        .onConflictDoUpdate({
          target: loginThrottle.key,
          set: { failures: 1, windowStartedAt: now, lastFailureAt: now },
        });
    else
      await tx
        .update(loginThrottle)
        .set({ failures: count + 1, lastFailureAt: now })
        .where(eq(loginThrottle.key, limit.key));
  }
}

/**
 * Takes one from each limit if none is used up, in one write transaction (two processes cannot
 * both take the last one); otherwise takes nothing and says which limit stopped it.
 */
export async function takeFromLimits(db: Db, limits: WindowLimit[], now = new Date()): Promise<LimitVerdict> {
  return transaction(db, async (tx) => {
    const verdict = await exhaustedLimit(tx, limits, now);
    if (verdict.allowed) await countAgainst(tx, limits, now);
    return verdict;
  });
}

/** Forgets a key's count. */
export async function clearLimit(db: Db, key: string): Promise<void> {
  await transaction(db, (tx) => tx.delete(loginThrottle).where(eq(loginThrottle.key, key)));
}
