/**
 * npm run create-organizer -- --email ana@office.example --name "Ana Lima" [--country CN] [--locale zh-CN]
 * Creates the first organizer of a new installation. The password comes from ORGANIZER_PASSWORD
 * or is asked for on the terminal, never from a flag (flags end up in shell history).
 */
import { parseArgs } from "node:util";
import readline from "node:readline";
import { migrateDatabase, openDatabase } from "../db/client";
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

const { DATABASE_PATH } = readEnv();
const db = openDatabase(DATABASE_PATH);
migrateDatabase(db);
const sqlite = db.$client;
const country = (values.country ?? "CN").toUpperCase();
if (!sqlite.prepare("select 1 from countries where code = ?").get(country)) {
  // A brand-new installation has no countries yet: load the ISO list the seed uses.
  const { default: countries } = await import("i18n-iso-countries");
  const insert = sqlite.prepare("insert or ignore into countries (code) values (?)");
  sqlite.transaction(() => Object.keys(countries.getAlpha2Codes()).forEach((code) => insert.run(code)))();
  if (!sqlite.prepare("select 1 from countries where code = ?").get(country)) fail(`Unknown --country ${country}.`);
}
if (sqlite.prepare("select 1 from users where lower(email) = ?").get(email.data))
  fail(`${email.data} already has an account.`);

const passwordHash = await hashPassword(password);
const info = sqlite
  .prepare(
    "insert into users (email, password_hash, name, country_code, locale, role) values (?, ?, ?, ?, ?, 'organizer')",
  )
  .run(email.data, passwordHash, name.data, country, values.locale);
sqlite
  .prepare(
    "insert into audit_events (actor_user_id, action, entity_type, entity_id) values (null, 'user.organizer_created_from_cli', 'user', ?)",
  )
  .run(String(info.lastInsertRowid));
sqlite.close();
console.log(`Organizer ${email.data} created in ${DATABASE_PATH}. Sign in at /login.`);

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
