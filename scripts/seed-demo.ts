/**
 * npm run seed:demo -- [--trainees N] [--registrations M] [--force]
 * Creates a fresh database at DATABASE_PATH with the alliance's catalog and demo data.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { hash } from "@node-rs/argon2";
import { migrateDatabase, openDatabase } from "../db/client";
import { DEMO_PASSWORD, DEMO_TRAINEE_ACCOUNTS, seedDemo } from "../db/seed/seed-demo";
import { FOUNDING_INSTITUTION_SLUGS } from "../db/seed/reference-data";
import { readEnv } from "../app/utils/env.server";
import { ARGON2_OPTIONS } from "../app/utils/password-options";
import { createProgress } from "./progress";

// The upcoming sessions that show the nearly-full and waitlist states need this many on their own.
const MIN_REGISTRATIONS = 200;

const { values } = parseArgs({
  options: {
    trainees: { type: "string", default: "20000" },
    registrations: { type: "string", default: "160000" },
    force: { type: "boolean", default: false },
  },
});

const trainees = Number(values.trainees);
const registrations = Number(values.registrations);
if (
  !Number.isInteger(trainees) ||
  trainees < DEMO_TRAINEE_ACCOUNTS ||
  !Number.isInteger(registrations) ||
  registrations < MIN_REGISTRATIONS
) {
  console.error(
    `--trainees must be a whole number ≥ ${DEMO_TRAINEE_ACCOUNTS} and --registrations a whole number ≥ ${MIN_REGISTRATIONS}.`,
  );
  process.exit(2);
}

const { DATABASE_PATH } = readEnv();
refuseToOverwriteRealData(DATABASE_PATH, values.force);
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(DATABASE_PATH + suffix, { force: true });

const started = performance.now();
const db = openDatabase(DATABASE_PATH);
migrateDatabase(db);
const passwordHash = await hash(DEMO_PASSWORD, ARGON2_OPTIONS);
const summary = seedDemo(db, { trainees, registrations, passwordHash, onProgress: createProgress() });
db.$client.pragma("optimize");
db.$client.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(
  `Seeded ${DATABASE_PATH} in ${seconds}s: ${summary.trainees.toLocaleString("en")} trainees, ` +
    `${summary.sessions.toLocaleString("en")} training sessions, ${summary.registrations.toLocaleString("en")} registrations, ` +
    `${summary.attendance.toLocaleString("en")} attendance records.`,
);
console.log(`
Demo accounts (password: ${DEMO_PASSWORD}):
  organizer@example.org
${[...FOUNDING_INSTITUTION_SLUGS, "xiamen-brics-office"].map((slug) => `  staff@${slug}.example.org`).join("\n")}
  trainee1@example.org … trainee${DEMO_TRAINEE_ACCOUNTS}@example.org`);

/** A database with people who are not demo accounts is somebody's real data: never wipe it unasked. */
function refuseToOverwriteRealData(file: string, force: boolean) {
  if (force || !fs.existsSync(file)) return;
  const existing = openDatabase(file);
  try {
    const row = existing.$client
      .prepare("select count(*) as n from users where email not like '%example.org'")
      .get() as { n: number } | undefined;
    if (row && row.n > 0) {
      console.error(`${file} holds ${row.n} real accounts. Refusing to replace it; pass --force to do so anyway.`);
      process.exit(1);
    }
  } catch {
    // No users table: not an app database we know, but nothing of ours to lose either.
  } finally {
    existing.$client.close();
  }
}
