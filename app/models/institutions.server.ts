import { asc, eq, sql } from "drizzle-orm";
import { domains, institutions, programs } from "../../db/schema";
import { pickLocalized } from "../i18n/localized";
import type { Handle } from "../utils/db.server";

/** Every institution (active or suspended) by slug and localized name, for consoles and forms. */
export async function listInstitutionChoices(db: Handle, { locale }: { locale: string }) {
  const rows = await db
    .select({ id: institutions.id, slug: institutions.slug, name: institutions.name, status: institutions.status })
    .from(institutions)
    .orderBy(asc(institutions.id));
  return rows.map((row) => ({ ...row, name: pickLocalized(row.name, locale) }));
}

export async function getInstitutionIdBySlug(db: Handle, slug: string): Promise<number | undefined> {
  const [row] = await db.select({ id: institutions.id }).from(institutions).where(eq(institutions.slug, slug));
  return row?.id;
}

/** One institution's own programs for its console; scoped by `institutionId` in the query itself. */
export async function getInstitutionConsole(
  db: Handle,
  { institutionId, locale }: { institutionId: number; locale: string },
) {
  const [institution] = await db.select().from(institutions).where(eq(institutions.id, institutionId));
  if (!institution) return null;
  const programRows = await db
    .select({
      id: programs.id,
      title: programs.title,
      domainName: domains.name,
      courseCount: sql<number>`(select count(*) from courses c where c.program_id = "programs"."id")`,
    })
    .from(programs)
    .innerJoin(domains, eq(domains.id, programs.domainId))
    .where(eq(programs.institutionId, institutionId))
    .orderBy(asc(programs.id));
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
