import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordResetTokens, users } from "../../db/schema";
import { transaction, type Db, type Handle } from "../utils/db.server";
import { composeMail, sendAfterAnswer } from "../utils/mail.server";
import { env, publicSiteUrl } from "../utils/env.server";
import { hashSecret, randomSecret } from "../utils/tokens.server";
import { recordAuditEvent } from "./audit.server";
import { takeFromLimits, type WindowLimit } from "./rate-limits.server";
import { checkNewPassword, getUserByEmail, recordConsent, setPassword, type FieldErrors } from "./users.server";

const RESET_LIFETIME_MS = 60 * 60 * 1000;

const HOUR_MS = 60 * 60 * 1000;

/** Reset links per account and per asking address, counted whether or not the account exists. */
function resetLimits(email: string, ip: string): WindowLimit[] {
  const settings = env();
  return [
    { key: `reset:account:${email.toLowerCase()}`, limit: settings.RESET_ACCOUNT_MAX_PER_HOUR, windowMs: HOUR_MS },
    { key: `reset:ip:${ip}`, limit: settings.RESET_IP_MAX_PER_HOUR, windowMs: HOUR_MS },
  ];
}

/**
 * Mails a single-use reset link when the address has an account, replacing any link sent before:
 * an account has at most one live link. The answer is the same whether or not the account
 * exists; only a used-up limit (counted for unknown addresses too) is told apart.
 */
export async function requestPasswordReset(
  db: Db,
  {
    email,
    ip,
  }: {
    email: string;
    ip: string;
  },
): Promise<{ sent: true } | { throttled: true; retryAfterSeconds: number }> {
  const verdict = await takeFromLimits(db, resetLimits(email, ip));
  if (!verdict.allowed) return { throttled: true, retryAfterSeconds: verdict.retryAfterSeconds };
  const user = await getUserByEmail(db, email);
  if (!user) return { sent: true };
  const token = randomSecret(32);
  await transaction(db, async (tx) => {
    await tx.delete(passwordResetTokens).where(eq(passwordResetTokens.userId, user.id));
    await tx
      .insert(passwordResetTokens)
      .values({ tokenHash: hashSecret(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_LIFETIME_MS) });
    await recordAuditEvent(tx, {
      actorUserId: null,
      action: "user.password_reset_requested",
      entityType: "user",
      entityId: user.id,
      details: { ip },
    });
  });
  const message = composeMail({
    to: user.email,
    name: user.name,
    locale: user.locale,
    subjectKey: "mail.resetSubject",
    bodyKey: "mail.resetBody",
    values: { link: `${publicSiteUrl()}/reset-password/${token}` },
  });
  await sendAfterAnswer(db, message);
  return { sent: true };
}

/**
 * The user a reset token belongs to, if it is unused and unexpired, and whether they still have
 * to agree to the privacy notice (an account an attendance import made never did).
 */
export async function findValidResetToken(
  db: Handle,
  token: string,
  now = new Date(),
): Promise<{ id: number; userId: number; needsConsent: boolean } | undefined> {
  if (token.length > 100) return undefined;
  const [row] = await db
    .select({ id: passwordResetTokens.id, userId: passwordResetTokens.userId, consentAt: users.consentAt })
    .from(passwordResetTokens)
    .innerJoin(users, eq(users.id, passwordResetTokens.userId))
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashSecret(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    );
  return row && { id: row.id, userId: row.userId, needsConsent: row.consentAt === null };
}

/** Uses a reset token: sets the password, spends the token, signs the user out everywhere. */
export async function resetPassword(
  db: Db,
  {
    token,
    password,
    consent,
    ip,
  }: {
    token: string;
    password: string;
    consent: boolean;
    ip: string;
  },
): Promise<{ ok: true } | { errors: FieldErrors } | { invalid: true }> {
  const found = await findValidResetToken(db, token);
  if (!found) return { invalid: true };
  const weak = checkNewPassword(password);
  if (weak) return { errors: weak };
  // The same rule as signing up: nobody starts using an account without agreeing to the notice.
  if (found.needsConsent && !consent) return { errors: { consent: "validation.consent" } };
  // Spend the token first, so the same link cannot be used twice at once.
  const spent = await transaction(db, (tx) =>
    tx
      .update(passwordResetTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResetTokens.id, found.id), isNull(passwordResetTokens.usedAt)))
      .returning({ id: passwordResetTokens.id }),
  );
  if (spent.length !== 1) return { invalid: true };
  // Whoever holds the link sets the password: the trail says so, with their address, rather than
  // naming the account's owner as the one who changed it.
  await setPassword(db, found.userId, password, null, { via: "reset_link", ip });
  if (found.needsConsent) await recordConsent(db, found.userId);
  return { ok: true };
}
