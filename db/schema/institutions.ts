import { sql } from "drizzle-orm";
import { check, integer, table, text, perEngine } from "./dialect";
import { createdAt, localizedText } from "./columns";

export const INSTITUTION_KINDS = [
  "university",
  "vocational_college",
  "technician_college",
  "research_institute",
  "organizer_office",
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const INSTITUTION_STATUSES = ["active", "suspended"] as const;
export type InstitutionStatus = (typeof INSTITUTION_STATUSES)[number];

export const institutions = table(
  "institutions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    name: localizedText("name").notNull(),
    kind: text("kind", { enum: INSTITUTION_KINDS }).notNull(),
    city: localizedText("city").notNull(),
    /** ISO calendar date the institution joined the alliance. */
    memberSince: text("member_since").notNull(),
    status: text("status", { enum: INSTITUTION_STATUSES }).notNull().default("active"),
    websiteUrl: text("website_url"),
    createdAt: createdAt(),
  },
  (t) => [
    check(
      "institutions_slug_format",
      perEngine({
        sqlite: sql`${t.slug} glob '[a-z0-9]*' and ${t.slug} not glob '*[^a-z0-9-]*'`,
        postgresql: sql`${t.slug} ~ '^([a-z0-9][a-z0-9-]*)?$'`,
      }),
    ),
  ],
);

export type Institution = typeof institutions.$inferSelect;
