import { check, index, integer, primaryKey, table, text } from "./dialect";
import { sql } from "drizzle-orm";
import { localizedText } from "./columns";

/**
 * ISO 3166-1 alpha-2 codes. Names are not stored: they come from i18n-iso-countries
 * in the viewer's language, so nobody types a country name by hand.
 */
export const countries = table(
  "countries",
  {
    code: text("code").primaryKey(),
  },
  (t) => [check("countries_code_format", sql`length(${t.code}) = 2 and ${t.code} = upper(${t.code})`)],
);

/** A named grouping of countries, e.g. BRICS members or BRICS partner countries. */
export const countryGroups = table("country_groups", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: localizedText("name").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

/**
 * Membership is dated: a country belongs to a group from `since` (inclusive) until `until`
 * (exclusive, null while it lasts). Dates are ISO calendar dates (YYYY-MM-DD).
 */
export const countryGroupMemberships = table(
  "country_group_memberships",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => countryGroups.id, { onDelete: "cascade" }),
    countryCode: text("country_code")
      .notNull()
      .references(() => countries.code),
    since: text("since").notNull(),
    until: text("until"),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.countryCode, t.since] }),
    index("country_group_memberships_country_idx").on(t.countryCode),
    check("country_group_memberships_dates", sql`${t.until} is null or ${t.until} > ${t.since}`),
  ],
);
