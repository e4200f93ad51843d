import { integer, table } from "./dialect";

/**
 * What statistics need to know to stay current without recounting everything (see
 * docs/decisions/0008-statistics-snapshot.md); both are written by triggers only (migration 0004).
 *
 * `stats_version` has one row whose `version` grows with every change to the tables statistics
 * group by (sessions, courses, programs, institutions, domains, country groups).
 */
export const statsVersion = table("stats_version", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull().default(0),
});

/** One row per change to a registration (its status, its attended days): a log each process reads from where it stopped. */
export const statsChanges = table("stats_changes", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  registrationId: integer("registration_id").notNull(),
});
