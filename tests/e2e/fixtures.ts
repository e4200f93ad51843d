import { test as base, type BrowserContext, type Page } from "@playwright/test";
import { createSession, serializeSessionCookie } from "~/utils/session.server";
import { getDb } from "~/utils/db.server";
import { and, desc, eq, like } from "drizzle-orm";
import { mailOutbox, users } from "../../db/schema";

export { ACCOUNTS } from "../support/route-table";

/** The session cookie for an account, made directly in the database (no form, no password). */
export async function sessionCookieFor(email: string, baseURL: string) {
  const db = getDb();
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (!row) throw new Error(`No demo account ${email}`);
  const { token, expiresAt } = await createSession(db, row.id);
  const header = await serializeSessionCookie(new Request(baseURL), token, expiresAt);
  const value = header.split(";")[0]?.split("=").slice(1).join("=") ?? "";
  return { name: "session", value, url: baseURL };
}

export async function signInContext(context: BrowserContext, email: string, baseURL: string) {
  await context.addCookies([await sessionCookieFor(email, baseURL)]);
}

export async function cookieHeaderFor(email: string, baseURL: string) {
  const cookie = await sessionCookieFor(email, baseURL);
  return `${cookie.name}=${cookie.value}`;
}

/**
 * The last link to `path` mailed to an address, read from the outbox table: the mail channel of a
 * server without SMTP, as a test would read a real inbox. (The outbox page masks these links.)
 */
export async function linkMailedTo(
  email: string,
  path: "/reset-password/" | "/invitations/" | "/signup/confirm/",
): Promise<string> {
  const [row] = await getDb()
    .select({ text: mailOutbox.text })
    .from(mailOutbox)
    .where(and(eq(mailOutbox.to, email), like(mailOutbox.text, `%${path}%`)))
    .orderBy(desc(mailOutbox.id))
    .limit(1);
  const link = row?.text.match(new RegExp(`https?://\\S+${path}\\S+`))?.[0];
  if (!link) throw new Error(`No mail to ${email} with a ${path} link`);
  return link;
}

/** The text of the last mail to an address, read from the outbox table as from an inbox. */
export async function lastMailTo(email: string): Promise<string> {
  const [row] = await getDb()
    .select({ text: mailOutbox.text })
    .from(mailOutbox)
    .where(eq(mailOutbox.to, email))
    .orderBy(desc(mailOutbox.id))
    .limit(1);
  if (!row) throw new Error(`No mail to ${email}`);
  return row.text;
}

/**
 * Waits until a freshly loaded page has hydrated and its requests are done. (After a client-side
 * navigation, wait for the new page's heading instead: the document's load state is already reached.)
 */
export async function settle(page: Page) {
  await page.waitForLoadState("networkidle");
}

/** `signIn(email)` puts a fresh session cookie for that account into the page's browser context. */
export const test = base.extend<{ signIn: (email: string) => Promise<void> }>({
  signIn: async ({ context, baseURL }, use) => {
    await use((email) => signInContext(context, email, baseURL ?? ""));
  },
});

export { expect } from "@playwright/test";
