import { isUniqueViolation } from "../../db/errors";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { institutions, invitations, users } from "../../db/schema";
import { pickLocalized } from "../i18n/localized";
import { translatorFor } from "../i18n/i18next.server";
import { getDb } from "../utils/db.server";
import { hashPassword } from "../utils/password.server";
import { composeMail, sendAfterAnswer } from "../utils/mail.server";
import { publicSiteUrl } from "../utils/env.server";
import { hashSecret, randomSecret } from "../utils/tokens.server";
import { recordAuditEvent } from "./audit.server";
import { countryExists } from "./countries.server";
import { checkNewPassword, type FieldErrors } from "./users.server";

const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

/** An organizer invites staff of an institution, or another organizer, by e-mail. */
export async function inviteMember({
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
}): Promise<{ ok: true } | { errors: FieldErrors }> {
  const db = getDb();
  let institutionId: number | null = null;
  if (role === "staff") {
    // Only into an institution that is a member now: a suspended one gets no new staff.
    const institution = db
      .select({ id: institutions.id })
      .from(institutions)
      .where(and(eq(institutions.slug, institutionSlug ?? ""), eq(institutions.status, "active")))
      .get();
    if (!institution) return { errors: { institution: "validation.institution" } };
    institutionId = institution.id;
  }
  if (
    db
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .get()
  ) {
    return { errors: { email: "validation.emailTaken" } };
  }
  const token = randomSecret(32);
  db.transaction((tx) => {
    const row = tx
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
      .returning({ id: invitations.id })
      .get();
    recordAuditEvent(tx, {
      actorUserId: invitedBy,
      action: "invitation.created",
      entityType: "invitation",
      entityId: row.id,
      details: { email, role, institutionId },
    });
  });
  const t = translatorFor(locale);
  sendAfterAnswer(
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
export function listInvitations({ locale }: { locale: string }) {
  return getDb()
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
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .all()
    .map((row) => ({
      ...row,
      institutionName: row.institutionName ? pickLocalized(row.institutionName, locale) : null,
    }));
}

/** An invitation not yet used, revoked or expired, into no suspended institution. */
function findOpenInvitation(token: string, now = new Date()) {
  if (token.length > 100) return undefined;
  const row = getDb()
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
    )
    .get();
  return row && row.institutionStatus !== "suspended" ? row.invitation : undefined;
}

/** Takes an open invitation back: its link stops working at once. False when it was not open. */
export function revokeInvitation({
  actorId,
  id,
  now = new Date(),
}: {
  actorId: number;
  id: number;
  now?: Date;
}): boolean {
  return getDb().transaction((tx) => {
    const result = tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .run();
    if (result.changes === 0) return false;
    recordAuditEvent(tx, {
      actorUserId: actorId,
      action: "invitation.revoked",
      entityType: "invitation",
      entityId: id,
    });
    return true;
  });
}

/** What the acceptance page shows, or null when the link is unknown, used or expired. */
export function getOpenInvitation(token: string) {
  const invitation = findOpenInvitation(token);
  return invitation ? { email: invitation.email, role: invitation.role, locale: invitation.locale } : null;
}

/** Creates the invited account, spends the invitation, and returns the new user's id and role. */
export async function acceptInvitation({
  token,
  name,
  password,
  countryCode,
}: {
  token: string;
  name: string;
  password: string;
  countryCode: string;
}): Promise<
  { userId: number; role: "staff" | "organizer"; locale: string } | { errors: FieldErrors } | { invalid: true }
> {
  const invitation = findOpenInvitation(token);
  if (!invitation) return { invalid: true };
  const weak = checkNewPassword(password);
  if (weak) return { errors: weak };
  if (!countryExists(countryCode)) return { errors: { country: "validation.country" } };
  const passwordHash = await hashPassword(password);
  try {
    return createInvitedUser(invitation, { name, passwordHash, countryCode });
  } catch (error) {
    // The address signed up on its own since the invitation was sent: the invitation is spent.
    if (isUniqueViolation(error)) return { invalid: true };
    throw error;
  }
}

function createInvitedUser(
  invitation: NonNullable<ReturnType<typeof findOpenInvitation>>,
  { name, passwordHash, countryCode }: { name: string; passwordHash: string; countryCode: string },
) {
  return getDb().transaction(
    (tx) => {
      const spent = tx
        .update(invitations)
        .set({ acceptedAt: new Date() })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
        .run();
      if (spent.changes !== 1) return { invalid: true as const };
      const user = tx
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
        .returning({ id: users.id })
        .get();
      tx.update(invitations).set({ acceptedUserId: user.id }).where(eq(invitations.id, invitation.id)).run();
      recordAuditEvent(tx, {
        actorUserId: user.id,
        action: "invitation.accepted",
        entityType: "invitation",
        entityId: invitation.id,
      });
      return { userId: user.id, role: invitation.role, locale: invitation.locale };
    },
    { behavior: "immediate" },
  );
}
