import { isUniqueViolation } from "../../db/errors";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { institutions, invitations, users } from "../../db/schema";
import { pickLocalized } from "../i18n/localized";
import { translatorFor } from "../i18n/i18next.server";
import { transaction, type Db, type Handle } from "../utils/db.server";
import { hashPassword } from "../utils/password.server";
import { composeMail, sendAfterAnswer } from "../utils/mail.server";
import { publicSiteUrl } from "../utils/env.server";
import { hashSecret, randomSecret } from "../utils/tokens.server";
import { recordAuditEvent } from "./audit.server";
import { countryExists } from "./countries.server";
import { checkNewPassword, type FieldErrors } from "./users.server";

const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** An organizer invites staff of an institution, or another organizer, by e-mail. */
export async function inviteMember(
  db: Db,
  {
    email,
    role,
    institutionSlug,
    locale,
    invitedBy,
  }: {
    email: string;
    role: "staff" | "organizer";
    institutionSlug: string | undefined;
    locale: string;
    invitedBy: number;
  },
): Promise<{ ok: true } | { errors: FieldErrors }> {
  let institutionId: number | null = null;
  if (role === "staff") {
    // Only into an institution that is a member now: a suspended one gets no new staff.
    const [institution] = await db
      .select({ id: institutions.id })
      .from(institutions)
      .where(and(eq(institutions.slug, institutionSlug ?? ""), eq(institutions.status, "active")));
    if (!institution) return { errors: { institution: "validation.institution" } };
    institutionId = institution.id;
  }
  const [taken] = await db
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`);
  if (taken) return { errors: { email: "validation.emailTaken" } };
  const token = randomSecret(32);
  await transaction(db, async (tx) => {
    const [row] = await tx
      .insert(invitations)
      .values({
        tokenHash: hashSecret(token),
        email,
        role,
        institutionId,
        locale,
        invitedBy,
        expiresAt: new Date(Date.now() + INVITATION_LIFETIME_MS),
      })
      .returning({ id: invitations.id });
    if (!row) throw new Error("The invitation was not stored.");
    await recordAuditEvent(tx, {
      actorUserId: invitedBy,
      action: "invitation.created",
      entityType: "invitation",
      entityId: row.id,
      details: { email, role, institutionId },
    });
  });
  const t = translatorFor(locale);
  await sendAfterAnswer(
    db,
    composeMail({
      to: email,
      name: email,
      locale,
      subjectKey: "mail.invitationSubject",
      bodyKey: "mail.invitationBody",
      values: { role: t(`roles.${role}`), link: `${publicSiteUrl()}/invitations/${token}` },
    }),
  );
  return { ok: true };
}

/** Invitations, newest first, with their institution's name, for the organizer console. */
export async function listInvitations(db: Handle, { locale }: { locale: string }) {
  const rows = await db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      institutionName: institutions.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
    })
    .from(invitations)
    .leftJoin(institutions, eq(institutions.id, invitations.institutionId))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
  return rows.map((row) => ({
    ...row,
    institutionName: row.institutionName ? pickLocalized(row.institutionName, locale) : null,
  }));
}

/** An invitation not yet used, revoked or expired, into no suspended institution. */
async function findOpenInvitation(db: Handle, token: string, now = new Date()) {
  if (token.length > 100) return undefined;
  const [row] = await db
    .select({ invitation: invitations, institutionStatus: institutions.status })
    .from(invitations)
    .leftJoin(institutions, eq(institutions.id, invitations.institutionId))
    .where(
      and(
        eq(invitations.tokenHash, hashSecret(token)),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    );
  return row && row.institutionStatus !== "suspended" ? row.invitation : undefined;
}

/** Takes an open invitation back: its link stops working at once. False when it was not open. */
export async function revokeInvitation(
  db: Db,
  {
    actorId,
    id,
    now = new Date(),
  }: {
    actorId: number;
    id: number;
    now?: Date;
  },
): Promise<boolean> {
  return transaction(db, async (tx) => {
    const revoked = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (revoked.length === 0) return false;
    await recordAuditEvent(tx, {
      actorUserId: actorId,
      action: "invitation.revoked",
      entityType: "invitation",
      entityId: id,
    });
    return true;
  });
}

/** What the acceptance page shows, or null when the link is unknown, used or expired. */
export async function getOpenInvitation(db: Handle, token: string) {
  const invitation = await findOpenInvitation(db, token);
  return invitation ? { email: invitation.email, role: invitation.role, locale: invitation.locale } : null;
}

/** Creates the invited account, spends the invitation, and returns the new user's id and role. */
export async function acceptInvitation(
  db: Db,
  {
    token,
    name,
    password,
    countryCode,
  }: {
    token: string;
    name: string;
    password: string;
    countryCode: string;
  },
): Promise<
  { userId: number; role: "staff" | "organizer"; locale: string } | { errors: FieldErrors } | { invalid: true }
> {
  const invitation = await findOpenInvitation(db, token);
  if (!invitation) return { invalid: true };
  const weak = checkNewPassword(password);
  if (weak) return { errors: weak };
  if (!(await countryExists(db, countryCode))) return { errors: { country: "validation.country" } };
  const passwordHash = await hashPassword(password);
  try {
    // Awaited inside the try: an address taken meanwhile rejects the transaction, answered below.
    return await createInvitedUser(db, invitation, { name, passwordHash, countryCode });
  } catch (error) {
    // The address signed up on its own since the invitation was sent: the invitation is spent.
    if (isUniqueViolation(error)) return { invalid: true };
    throw error;
  }
}

function createInvitedUser(
  db: Db,
  invitation: NonNullable<Awaited<ReturnType<typeof findOpenInvitation>>>,
  { name, passwordHash, countryCode }: { name: string; passwordHash: string; countryCode: string },
) {
  return transaction(db, async (tx) => {
    const spent = await tx
      .update(invitations)
      .set({ acceptedAt: new Date() })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
      .returning({ id: invitations.id });
    if (spent.length !== 1) return { invalid: true as const };
    const [user] = await tx
      .insert(users)
      .values({
        email: invitation.email,
        passwordHash,
        name,
        countryCode,
        locale: invitation.locale,
        role: invitation.role,
        institutionId: invitation.institutionId,
      })
      .returning({ id: users.id });
    if (!user) throw new Error("The invited account was not stored.");
    await tx.update(invitations).set({ acceptedUserId: user.id }).where(eq(invitations.id, invitation.id));
    await recordAuditEvent(tx, {
      actorUserId: user.id,
      action: "invitation.accepted",
      entityType: "invitation",
      entityId: invitation.id,
    });
    return { userId: user.id, role: invitation.role, locale: invitation.locale };
  });
}
