import { and, eq, gt, isNull } from "drizzle-orm";
import { passwordResetTokens } from "../../db/schema";
import { getDb } from "../utils/db.server";
import { appUrl, composeMail, sendMail } from "../utils/mail.server";
import { hashSecret, randomSecret } from "../utils/tokens.server";
import { recordAuditEvent } from "./audit.server";
import { checkNewPassword, getUserByEmail, setPassword, type FieldErrors } from "./users.server";

const RESET_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Mails a single-use reset link when the address has an account. Says nothing either way:
 * the caller shows the same answer whether or not the account exists.
 */
export async function requestPasswordReset({ email, request }: { email: string; request: Request }): Promise<void> {
  const user = getUserByEmail(email);
  if (!user) return;
  const token = randomSecret(32);
  getDb().transaction((tx) => {
    tx.insert(passwordResetTokens)
      .values({ tokenHash: hashSecret(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_LIFETIME_MS) })
      .run();
    recordAuditEvent({
      actorUserId: null,
      action: "user.password_reset_requested",
      entityType: "user",
      entityId: user.id,
    });
  });
  const message = composeMail({
    to: user.email,
    name: user.name,
    locale: user.locale,
    subjectKey: "mail.resetSubject",
    bodyKey: "mail.resetBody",
    values: { link: `${appUrl(request)}/reset-password/${token}` },
  });
  await sendMail(message);
}

/** The user id a reset token belongs to, if it is unused and unexpired. */
export function findValidResetToken(token: string, now = new Date()): { id: number; userId: number } | undefined {
  if (token.length > 100) return undefined;
  return getDb()
    .select({ id: passwordResetTokens.id, userId: passwordResetTokens.userId })
    .from(passwordResetTokens)
    .where(
      and(
        eq(passwordResetTokens.tokenHash, hashSecret(token)),
        isNull(passwordResetTokens.usedAt),
        gt(passwordResetTokens.expiresAt, now),
      ),
    )
    .get();
}

/** Uses a reset token: sets the password, spends the token, signs the user out everywhere. */
export async function resetPassword({
  token,
  password,
}: {
  token: string;
  password: string;
}): Promise<{ ok: true } | { errors: FieldErrors } | { invalid: true }> {
  const found = findValidResetToken(token);
  if (!found) return { invalid: true };
  const weak = checkNewPassword(password);
  if (weak) return { errors: weak };
  // Spend the token first, so the same link cannot be used twice at once.
  const spent = getDb()
    .update(passwordResetTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(passwordResetTokens.id, found.id), isNull(passwordResetTokens.usedAt)))
    .run();
  if (spent.changes !== 1) return { invalid: true };
  await setPassword(found.userId, password, found.userId);
  return { ok: true };
}
