/**
 * Signing up with a confirmed address. The form's answer is the same whether or not the address
 * already has an account ("check your inbox"), so the form cannot be used to learn who is
 * registered: a new address is mailed a link that creates the account, an existing one a note
 * telling its owner that they already have an account and how to get back in. Both mails leave
 * after the answer, so the time taken does not tell them apart either.
 */
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { signupRequests, users, type User } from "../../db/schema";
import { transaction, type Db, type Handle } from "../utils/db.server";
import { composeMail, sendAfterAnswer } from "../utils/mail.server";
import { env, publicSiteUrl } from "../utils/env.server";
import { hashPassword } from "../utils/password.server";
import { hashSecret, randomSecret } from "../utils/tokens.server";
import { recordAuditEvent } from "./audit.server";
import { countryExists } from "./countries.server";
import { takeFromLimits } from "./rate-limits.server";
import { checkNewPassword, getUserByEmail, PRIVACY_NOTICE_VERSION, type FieldErrors } from "./users.server";

/** A confirmation link works for a day: long enough for a mail that waits overnight. */
export const SIGNUP_LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

export type SignupInput = {
  email: string;
  password: string;
  name: string;
  countryCode: string;
  organization: string | null;
  locale: string;
  /** Where to go once the account exists: a path of this site (safeRedirectPath). */
  redirectTo: string;
};

export type SignupAnswer = { mailed: true } | { errors: FieldErrors } | { throttled: true; retryAfterSeconds: number };

/**
 * Takes a sign-up form. Field errors are about the form only (a common password, an unknown
 * country), never about the address. Sign-ups from one network are limited per hour
 * (SIGNUP_IP_MAX_PER_HOUR); mails to one address too (SIGNUP_EMAIL_MAX_PER_HOUR), silently, since
 * saying so would be the same for both kinds of address and only helps someone flooding a mailbox.
 */
export async function requestSignup(db: Db, input: SignupInput, ip: string): Promise<SignupAnswer> {
  const weak = checkNewPassword(input.password);
  if (weak) return { errors: weak };
  if (!(await countryExists(db, input.countryCode))) return { errors: { country: "validation.country" } };
  const fromNetwork = await takeFromLimits(db, [
    { key: `signup:ip:${ip}`, limit: env().SIGNUP_IP_MAX_PER_HOUR, windowMs: HOUR_MS },
  ]);
  if (!fromNetwork.allowed) return { throttled: true, retryAfterSeconds: fromNetwork.retryAfterSeconds };
  // Hashed in both cases, so an existing address is not answered faster.
  const passwordHash = await hashPassword(input.password);
  const toAddress = await takeFromLimits(db, [
    { key: `signup:email:${input.email.toLowerCase()}`, limit: env().SIGNUP_EMAIL_MAX_PER_HOUR, windowMs: HOUR_MS },
  ]);
  if (!toAddress.allowed) return { mailed: true };

  const existing = await getUserByEmail(db, input.email);
  if (existing) {
    await transaction(db, (tx) =>
      recordAuditEvent(tx, {
        actorUserId: null,
        action: "user.signup_for_existing_account",
        entityType: "user",
        entityId: existing.id,
        details: { ip },
      }),
    );
    await sendAfterAnswer(
      db,
      composeMail({
        to: existing.email,
        name: existing.name,
        locale: existing.locale,
        subjectKey: "mail.signupExistingSubject",
        bodyKey: "mail.signupExistingBody",
        values: { signIn: `${publicSiteUrl()}/login`, reset: `${publicSiteUrl()}/forgot-password` },
      }),
    );
    return { mailed: true };
  }

  const token = randomSecret(32);
  await transaction(db, async (tx) => {
    await tx.delete(signupRequests).where(lt(signupRequests.expiresAt, new Date()));
    await tx.insert(signupRequests).values({
      tokenHash: hashSecret(token),
      email: input.email,
      name: input.name,
      passwordHash,
      countryCode: input.countryCode,
      organization: input.organization,
      locale: input.locale,
      redirectTo: input.redirectTo,
      consentVersion: PRIVACY_NOTICE_VERSION,
      expiresAt: new Date(Date.now() + SIGNUP_LINK_LIFETIME_MS),
    });
  });
  await sendAfterAnswer(
    db,
    composeMail({
      to: input.email,
      name: input.name,
      locale: input.locale,
      subjectKey: "mail.signupConfirmSubject",
      bodyKey: "mail.signupConfirmBody",
      values: { link: `${publicSiteUrl()}/signup/confirm/${token}` },
    }),
  );
  return { mailed: true };
}

/** The waiting sign-up a link belongs to, if the link is still good (not followed, not expired). */
export async function findSignupRequest(db: Handle, token: string, now = new Date()) {
  if (token.length > 100) return undefined;
  const [request] = await db
    .select({ id: signupRequests.id, email: signupRequests.email, name: signupRequests.name })
    .from(signupRequests)
    .where(and(eq(signupRequests.tokenHash, hashSecret(token)), gt(signupRequests.expiresAt, now)));
  return request;
}

export type ConfirmResult =
  | { ok: true; user: User; redirectTo: string }
  /** The link is unknown, used or expired. */
  | { invalid: true }
  /** The address got an account since (another sign-up's link, an invitation): sign in instead. */
  | { taken: true };

/**
 * Follows a confirmation link: spends it and makes the account, in one transaction. The waiting
 * sign-up goes (it holds a password hash), with every other one for the same address: their
 * links would now only say "taken".
 */
export async function confirmSignup(db: Db, token: string, now = new Date()): Promise<ConfirmResult> {
  const found = await findSignupRequest(db, token, now);
  if (!found) return { invalid: true };
  return transaction(db, async (tx): Promise<ConfirmResult> => {
    const [request] = await tx.delete(signupRequests).where(eq(signupRequests.id, found.id)).returning();
    if (!request) return { invalid: true };
    const sameAddress = sql`lower(${signupRequests.email}) = ${request.email.toLowerCase()}`;
    await tx.delete(signupRequests).where(sameAddress);
    const [taken] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${request.email.toLowerCase()}`);
    if (taken) return { taken: true };
    const [user] = await tx
      .insert(users)
      .values({
        email: request.email,
        passwordHash: request.passwordHash,
        name: request.name,
        countryCode: request.countryCode,
        organization: request.organization,
        locale: request.locale,
        role: "trainee",
        consentVersion: request.consentVersion,
        consentAt: request.createdAt,
      })
      .returning();
    if (!user) throw new Error("The new account was not stored.");
    await recordAuditEvent(tx, {
      actorUserId: user.id,
      action: "user.signed_up",
      entityType: "user",
      entityId: user.id,
    });
    return { ok: true, user, redirectTo: request.redirectTo };
  });
}
