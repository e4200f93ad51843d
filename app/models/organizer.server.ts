/**
 * The organizer console's writes: institutions, catalog domains and dated country groups.
 * Routes check that the actor is an organizer; these functions keep the rules and the audit.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { countryGroupMemberships, countryGroups, domains, institutions } from "../../db/schema";
import { pickLocalized } from "../i18n/localized";
import { transaction, type Db, type Handle } from "../utils/db.server";
import { collectLocalized, localizedFormValues } from "../validation/localized-fields";
import type { DomainInput, InstitutionInput, MembershipInput } from "../validation/manage";
import { isUniqueViolation } from "../../db/errors";
import { recordAuditEvent } from "./audit.server";
import { countryExists, countryName } from "./countries.server";
import type { FieldErrors } from "./users.server";

// ─── institutions ────────────────────────────────────────────────────────────────────────────

export async function listInstitutionsForAdmin(db: Handle, { locale }: { locale: string }) {
  const rows = await db.select().from(institutions).orderBy(asc(institutions.id));
  return rows.map((i) => ({
    slug: i.slug,
    name: pickLocalized(i.name, locale),
    kind: i.kind,
    status: i.status,
    memberSince: i.memberSince,
  }));
}

export async function getInstitutionForEditing(db: Handle, slug: string) {
  const [i] = await db.select().from(institutions).where(eq(institutions.slug, slug));
  if (!i) return null;
  const values: Record<string, string> = {
    slug: i.slug,
    kind: i.kind,
    memberSince: i.memberSince,
    ...localizedFormValues("name", i.name),
    ...localizedFormValues("city", i.city),
  };
  return { slug: i.slug, status: i.status, values };
}

export async function saveInstitution(
  db: Db,
  {
    actorId,
    existingSlug,
    input,
  }: {
    actorId: number;
    existingSlug: string | null;
    input: InstitutionInput;
  },
): Promise<{ slug: string } | { errors: FieldErrors } | { notFound: true }> {
  const values = {
    slug: input.slug,
    name: collectLocalized(input, "name"),
    city: collectLocalized(input, "city"),
    kind: input.kind,
    memberSince: input.memberSince,
  };
  try {
    // Awaited inside the try: a slug already taken rejects the transaction, answered below.
    return await transaction(db, async (tx) => {
      if (existingSlug === null) {
        const [created] = await tx.insert(institutions).values(values).returning({ id: institutions.id });
        if (!created) throw new Error("The institution was not stored.");
        await recordAuditEvent(tx, {
          actorUserId: actorId,
          action: "institution.created",
          entityType: "institution",
          entityId: created.id,
        });
        return { slug: input.slug };
      }
      const [updated] = await tx
        .update(institutions)
        .set(values)
        .where(eq(institutions.slug, existingSlug))
        .returning({ id: institutions.id });
      if (!updated) return { notFound: true as const };
      await recordAuditEvent(tx, {
        actorUserId: actorId,
        action: "institution.updated",
        entityType: "institution",
        entityId: updated.id,
      });
      return { slug: input.slug };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { errors: { slug: "validation.slugTaken" } };
    throw error;
  }
}

/** Suspends (its sessions leave the catalog at once) or reinstates an institution. */
export async function setInstitutionStatus(
  db: Db,
  {
    actorId,
    slug,
    status,
  }: {
    actorId: number;
    slug: string;
    status: "active" | "suspended";
  },
): Promise<boolean> {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .update(institutions)
      .set({ status })
      .where(eq(institutions.slug, slug))
      .returning({ id: institutions.id });
    if (!row) return false;
    await recordAuditEvent(tx, {
      actorUserId: actorId,
      action: `institution.${status}`,
      entityType: "institution",
      entityId: row.id,
    });
    return true;
  });
}

// ─── domains ─────────────────────────────────────────────────────────────────────────────────

export async function listDomainsForAdmin(db: Handle, { locale }: { locale: string }) {
  const rows = await db.select().from(domains).orderBy(asc(domains.sortOrder), asc(domains.id));
  return rows.map((d) => ({
    id: d.id,
    slug: d.slug,
    label: pickLocalized(d.name, locale),
    values: { slug: d.slug, sortOrder: String(d.sortOrder), ...localizedFormValues("name", d.name) },
  }));
}

export async function saveDomain(
  db: Db,
  {
    actorId,
    id,
    input,
  }: {
    actorId: number;
    id: number | null;
    input: DomainInput;
  },
): Promise<{ ok: true } | { errors: FieldErrors } | { notFound: true }> {
  const values = { slug: input.slug, name: collectLocalized(input, "name"), sortOrder: input.sortOrder };
  try {
    // Awaited inside the try: a slug already taken rejects the transaction, answered below.
    return await transaction(db, async (tx) => {
      const [row] =
        id === null
          ? await tx.insert(domains).values(values).returning({ id: domains.id })
          : await tx.update(domains).set(values).where(eq(domains.id, id)).returning({ id: domains.id });
      if (!row) return { notFound: true as const };
      await recordAuditEvent(tx, {
        actorUserId: actorId,
        action: id === null ? "domain.created" : "domain.updated",
        entityType: "domain",
        entityId: row.id,
      });
      return { ok: true as const };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { errors: { slug: "validation.slugTaken" } };
    throw error;
  }
}

// ─── country groups ──────────────────────────────────────────────────────────────────────────

export async function listCountryGroups(db: Handle, { locale }: { locale: string }) {
  const groups = await db.select().from(countryGroups).orderBy(asc(countryGroups.sortOrder));
  const memberships = await db.select().from(countryGroupMemberships).orderBy(asc(countryGroupMemberships.since));
  const collator = new Intl.Collator(locale);
  return groups.map((g) => ({
    slug: g.slug,
    name: pickLocalized(g.name, locale),
    members: memberships
      .filter((m) => m.groupId === g.id)
      .map((m) => ({
        countryCode: m.countryCode,
        country: countryName(m.countryCode, locale),
        since: m.since,
        until: m.until,
      }))
      .sort((a, b) => a.since.localeCompare(b.since) || collator.compare(a.country, b.country)),
  }));
}

/** Adds a dated membership, or ends one (sets `until`) when the same country and `since` exist. */
export async function saveMembership(
  db: Db,
  {
    actorId,
    input,
  }: {
    actorId: number;
    input: MembershipInput;
  },
): Promise<{ ok: true } | { errors: FieldErrors }> {
  if (!(await countryExists(db, input.country))) return { errors: { country: "validation.country" } };
  const [group] = await db
    .select({ id: countryGroups.id })
    .from(countryGroups)
    .where(eq(countryGroups.slug, input.group));
  if (!group) return { errors: { group: "validation.required" } };
  return transaction(db, async (tx) => {
    const key = and(
      eq(countryGroupMemberships.groupId, group.id),
      eq(countryGroupMemberships.countryCode, input.country),
      eq(countryGroupMemberships.since, input.since),
    );
    const [exists] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(countryGroupMemberships)
      .where(key);
    if ((exists?.n ?? 0) > 0) await tx.update(countryGroupMemberships).set({ until: input.until }).where(key);
    else
      await tx
        .insert(countryGroupMemberships)
        .values({ groupId: group.id, countryCode: input.country, since: input.since, until: input.until });
    await recordAuditEvent(tx, {
      actorUserId: actorId,
      action: "country_group.membership_saved",
      entityType: "country_group",
      entityId: group.id,
      details: { ...input },
    });
    return { ok: true as const };
  });
}
