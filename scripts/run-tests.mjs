// npm test: the parts of the suite in order, stopping at the first that fails, then how long
// each took. Each part is also a script of its own (npm run test:fast, …). The PostgreSQL part
// starts a throwaway server (scripts/ensure-postgres.mjs) unless TEST_DATABASE_URL names one;
// it is stopped again at the end, passed or failed.
import { spawnSync } from "node:child_process";

const STEPS = [
  ["Chromium present", ["node", "scripts/ensure-chromium.mjs"]],
  ["fast (typecheck, lint, unit and domain integration)", ["npm", "run", "test:fast"]],
  ["build", ["npm", "run", "build"]],
  ["resilience (race, crash, fuzz, backup, serving)", ["npm", "run", "test:resilience"]],
  ["PostgreSQL (integration, race with 3 processes, crash, server restart)", ["npm", "run", "test:postgres"]],
  ["browser (Playwright in Chromium)", ["npm", "run", "test:browser"]],
  ["browser on PostgreSQL (the flows that write)", ["npm", "run", "test:browser:postgres"]],
];

const times = [];
for (const [name, [command, ...args]] of STEPS) {
  const started = performance.now();
  const { status, signal } = spawnSync(command, args, { stdio: "inherit" });
  times.push([name, (performance.now() - started) / 1000]);
  if (status !== 0) {
    console.error(`\nnpm test: "${name}" failed (${signal ?? `exit ${status}`}).`);
    stopPostgres();
    process.exit(status ?? 1);
  }
}
console.log("\nnpm test: every part passed.");
for (const [name, seconds] of times) console.log(`  ${seconds.toFixed(0).padStart(5)} s  ${name}`);
console.log(
  `  ${times
    .reduce((sum, [, s]) => sum + s, 0)
    .toFixed(0)
    .padStart(5)} s  in all`,
);
stopPostgres();

function stopPostgres() {
  spawnSync("node", ["scripts/ensure-postgres.mjs", "stop"], { stdio: "inherit" });
}
