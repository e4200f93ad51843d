/**
 * The organizer console's writes: institutions, catalog domains and dated country groups.
 * Routes check that the actor is an organizer; these functions keep the rules and the audit.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { countryGroupMemberships, countryGroups, domains, institutions } from "../../db/schema";
import { pickLocalized } from "../i18n/localized";
import { getDb } from "../utils/db.server";
import { collectLocalized, localizedFormValues } from "../validation/localized-fields";
import type { DomainInput, InstitutionInput, MembershipInput } from "../validation/manage";
import { isUniqueViolation } from "../../db/errors";
import { recordAuditEvent } from "./audit.server";
import { countryExists, countryName } from "./countries.server";
import type { FieldErrors } from "./users.server";

// ─── institutions ────────────────────────────────────────────────────────────────────────────

export function listInstitutionsForAdmin({ locale }: { locale: string }) {
  return getDb()
    .select()
    .from(institutions)
    .orderBy(asc(institutions.id))
    .all()
    .map((i) => ({
      slug: i.slug,
      name: pickLocalized(i.name, locale),
      kind: i.kind,
      status: i.status,
      memberSince: i.memberSince,
    }));
}

export function getInstitutionForEditing(slug: string) {
  const i = getDb().select().from(institutions).where(eq(institutions.slug, slug)).get();
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

export function saveInstitution({
  actorId,
  existingSlug,
  input,
}: {
  actorId: number;
  existingSlug: string | null;
  input: InstitutionInput;
}): { slug: string } | { errors: FieldErrors } | { notFound: true } {
  const values = {
    slug: input.slug,
    name: collectLocalized(input, "name"),
    city: collectLocalized(input, "city"),
    kind: input.kind,
    memberSince: input.memberSince,
  };
  try {
    return getDb().transaction((tx) => {
      if (existingSlug === null) {
        const { id } = tx.insert(institutions).values(values).returning({ id: institutions.id }).get();
        recordAuditEvent(tx, {
          actorUserId: actorId,
          action: "institution.created",
          entityType: "institution",
          entityId: id,
        });
        return { slug: input.slug };
      }
      const updated = tx
        .update(institutions)
        .set(values)
        .where(eq(institutions.slug, existingSlug))
        .returning({ id: institutions.id })
        .get();
      if (!updated) return { notFound: true as const };
      recordAuditEvent(tx, {
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
export function setInstitutionStatus({
  actorId,
  slug,
  status,
}: {
  actorId: number;
  slug: string;
  status: "active" | "suspended";
}): boolean {
  return getDb().transaction((tx) => {
    const row = tx
      .update(institutions)
      .set({ status })
      .where(eq(institutions.slug, slug))
      .returning({ id: institutions.id })
      .get();
    if (!row) return false;
    recordAuditEvent(tx, {
      actorUserId: actorId,
      action: `institution.${status}`,
      entityType: "institution",
      entityId: row.id,
    });
    return true;
  });
}

// ─── domains ─────────────────────────────────────────────────────────────────────────────────

export function listDomainsForAdmin({ locale }: { locale: string }) {
  return getDb()
    .select()
    .from(domains)
    .orderBy(asc(domains.sortOrder), asc(domains.id))
    .all()
    .map((d) => ({
      id: d.id,
      slug: d.slug,
      label: pickLocalized(d.name, locale),
      values: { slug: d.slug, sortOrder: String(d.sortOrder), ...localizedFormValues("name", d.name) },
    }));
}

export function saveDomain({
  actorId,
  id,
  input,
}: {
  actorId: number;
  id: number | null;
  input: DomainInput;
}): { ok: true } | { errors: FieldErrors } | { notFound: true } {
  const values = { slug: input.slug, name: collectLocalized(input, "name"), sortOrder: input.sortOrder };
  try {
    return getDb().transaction((tx) => {
      const row =
        id === null
          ? tx.insert(domains).values(values).returning({ id: domains.id }).get()
          : tx.update(domains).set(values).where(eq(domains.id, id)).returning({ id: domains.id }).get();
      if (!row) return { notFound: true as const };
      recordAuditEvent(tx, {
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

export function listCountryGroups({ locale }: { locale: string }) {
  const db = getDb();
  const groups = db.select().from(countryGroups).orderBy(asc(countryGroups.sortOrder)).all();
  const memberships = db.select().from(countryGroupMemberships).orderBy(asc(countryGroupMemberships.since)).all();
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
export function saveMembership({
  actorId,
  input,
}: {
  actorId: number;
  input: MembershipInput;
}): { ok: true } | { errors: FieldErrors } {
  if (!countryExists(input.country)) return { errors: { country: "validation.country" } };
  const group = getDb()
    .select({ id: countryGroups.id })
    .from(countryGroups)
    .where(eq(countryGroups.slug, input.group))
    .get();
  if (!group) return { errors: { group: "validation.required" } };
  return getDb().transaction((tx) => {
    const key = and(
      eq(countryGroupMemberships.groupId, group.id),
      eq(countryGroupMemberships.countryCode, input.country),
      eq(countryGroupMemberships.since, input.since),
    );
    const exists = tx
      .select({ n: sql<number>`count(*)` })
      .from(countryGroupMemberships)
      .where(key)
      .get();
    if ((exists?.n ?? 0) > 0) tx.update(countryGroupMemberships).set({ until: input.until }).where(key).run();
    else
      tx.insert(countryGroupMemberships)
        .values({ groupId: group.id, countryCode: input.country, since: input.since, until: input.until })
        .run();
    recordAuditEvent(tx, {
      actorUserId: actorId,
      action: "country_group.membership_saved",
      entityType: "country_group",
      entityId: group.id,
      details: { ...input },
    });
    return { ok: true as const };
  });
}
