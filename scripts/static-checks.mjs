// The first checks of npm run test:fast, side by side (each uses one core): the type check
// (route types generated first) and the linters. Fails when either fails, after both are done.
import { spawn } from "node:child_process";

const run = (script) =>
  new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", script], { stdio: "inherit" });
    child.on("exit", (code, signal) => resolve({ script, ok: code === 0, why: signal ?? `exit ${code}` }));
  });

const results = await Promise.all([run("typecheck"), run("lint")]);
const failed = results.filter((result) => !result.ok);
for (const { script, why } of failed) console.error(`npm run ${script} failed (${why}).`);
process.exit(failed.length > 0 ? 1 : 0);
