import { count } from "drizzle-orm";
import { domains } from "../../db/schema";
import type { Handle } from "../utils/db.server";

/** True when the database answers a query that touches a real table. */
export async function checkDatabase(db: Handle): Promise<boolean> {
  try {
    await db.select({ n: count() }).from(domains);
    return true;
  } catch {
    return false;
  }
}
