import { sql } from "drizzle-orm";
import { getDb } from "../utils/db.server";

/** True when the database answers a query that touches a real table. */
export function checkDatabase(): boolean {
  try {
    getDb().get(sql`select count(*) from domains`);
    return true;
  } catch {
    return false;
  }
}
