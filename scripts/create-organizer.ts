/**
 * npm run create-organizer -- --email ana@office.example --name "Ana Lima" [--country CN] [--locale zh-CN]
 * Creates the first organizer of a new installation. The password comes from ORGANIZER_PASSWORD
 * or is asked for on the terminal, never from a flag (flags end up in shell history).
 */
import { parseArgs } from "node:util";
import readline from "node:readline";
import { eq, sql } from "drizzle-orm";
import { closeDb, getDb, transaction } from "../app/utils/db.server";
import { auditEvents, countries, users } from "../db/schema";
import { migrateConfiguredDatabase } from "../db/migrate";
import { readEnv } from "../app/utils/env.server";
import { hashPassword, isCommonPassword } from "../app/utils/password.server";
import { emailField, nameField, newPasswordField } from "../app/validation/fields";
import { isSupportedLocale } from "../app/i18n/config";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    country: { type: "string", default: "CN" },
    locale: { type: "string", default: "zh-CN" },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const email = emailField.safeParse(values.email ?? "");
const name = nameField.safeParse(values.name ?? "");
if (!email.success) fail("Give a valid --email.");
if (!name.success) fail("Give the organizer's --name.");
if (!isSupportedLocale(values.locale)) fail(`--locale must be one of: en, zh-CN.`);

const password = process.env.ORGANIZER_PASSWORD || (await askHidden("Password for the new organizer: "));
const checked = newPasswordField.safeParse(password);
if (!checked.success) fail("The password needs 8 to 200 characters.");
if (isCommonPassword(password)) fail("That password is one of the most common ones; choose another.");

const where = await migrateConfiguredDatabase(readEnv());
const db = getDb();
const country = (values.country ?? "CN").toUpperCase();
const countryKnown = async () =>
  (await db.select({ code: countries.code }).from(countries).where(eq(countries.code, country))).length > 0;
if (!(await countryKnown())) {
  // A brand-new installation has no countries yet: load the ISO list the seed uses.
  const { default: isoCountries } = await import("i18n-iso-countries");
  const codes = Object.keys(isoCountries.getAlpha2Codes()).map((code) => ({ code }));
  await transaction(db, async (tx) => {
    await tx.insert(countries).values(codes).onConflictDoNothing();
  });
  if (!(await countryKnown())) fail(`Unknown --country ${country}.`);
}
const taken = await db
  .select({ id: users.id })
  .from(users)
  .where(sql`lower(${users.email}) = ${email.data}`);
if (taken.length > 0) fail(`${email.data} already has an account.`);

const passwordHash = await hashPassword(password);
await transaction(db, async (tx) => {
  const [created] = await tx
    .insert(users)
    .values({
      email: email.data,
      passwordHash,
      name: name.data,
      countryCode: country,
      locale: values.locale,
      role: "organizer",
    })
    .returning({ id: users.id });
  await tx.insert(auditEvents).values({
    actorUserId: null,
    action: "user.organizer_created_from_cli",
    entityType: "user",
    entityId: String(created!.id),
  });
});
await closeDb();
console.log(`Organizer ${email.data} created in ${where}. Sign in at /login.`);

function askHidden(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) fail("No terminal to ask for the password: set ORGANIZER_PASSWORD instead.");
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const output = rl as unknown as { _writeToOutput: (text: string) => void };
    process.stdout.write(prompt);
    // Echo nothing while the password is typed.
    output._writeToOutput = () => {};
    rl.question("", (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}
