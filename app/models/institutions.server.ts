import { asc, eq, sql } from "drizzle-orm";
import { domains, institutions, programs } from "../../db/schema";
import { pickLocalized } from "../i18n/localized";
import { getDb } from "../utils/db.server";

/** Every institution (active or suspended) by slug and localized name, for consoles and forms. */
export function listInstitutionChoices({ locale }: { locale: string }) {
  return getDb()
    .select({ id: institutions.id, slug: institutions.slug, name: institutions.name, status: institutions.status })
    .from(institutions)
    .orderBy(asc(institutions.id))
    .all()
    .map((row) => ({ ...row, name: pickLocalized(row.name, locale) }));
}

export function getInstitutionIdBySlug(slug: string): number | undefined {
  return getDb().select({ id: institutions.id }).from(institutions).where(eq(institutions.slug, slug)).get()?.id;
}

/** One institution's own programs for its console; scoped by `institutionId` in the query itself. */
export function getInstitutionConsole({ institutionId, locale }: { institutionId: number; locale: string }) {
  const db = getDb();
  const institution = db.select().from(institutions).where(eq(institutions.id, institutionId)).get();
  if (!institution) return null;
  const programRows = db
    .select({
      id: programs.id,
      title: programs.title,
      domainName: domains.name,
      courseCount: sql<number>`(select count(*) from courses c where c.program_id = "programs"."id")`,
    })
    .from(programs)
    .innerJoin(domains, eq(domains.id, programs.domainId))
    .where(eq(programs.institutionId, institutionId))
    .orderBy(asc(programs.id))
    .all();
  return {
    slug: institution.slug,
    name: pickLocalized(institution.name, locale),
    programs: programRows.map((p) => ({
      id: p.id,
      title: pickLocalized(p.title, locale),
      domainName: pickLocalized(p.domainName, locale),
      courseCount: p.courseCount,
    })),
  };
}
