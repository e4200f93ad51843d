/**
 * Seeds the benchmark's SQLite demo database in a process of its own (the benchmark itself may
 * run on PostgreSQL, and a process builds the schema for one engine only):
 *   tsx scripts/bench/prepare-demo.ts <file> <trainees> <registrations> [--reuse]
 */
import { prepareDemoDatabase } from "./support";

const [file = ".bench/demo.db", trainees = "20000", registrations = "160000", reuse] = process.argv.slice(2);
delete process.env.DATABASE_URL;
await prepareDemoDatabase(file, {
  reuse: reuse === "--reuse",
  trainees: Number(trainees),
  registrations: Number(registrations),
});
