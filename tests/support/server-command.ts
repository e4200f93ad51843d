/**
 * How the production server is started: `npm start`'s node options (package.json, the one place
 * they are written), so the tests, the browser suite and the benchmarks run the server as an
 * installation does (docs/decisions/0023: the young generation's size).
 */
import fs from "node:fs";

const start: string = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")).scripts.start;
const options = /\bnode((?: --[\w-]+(?:=\S+)?)*) build\/server\.js$/.exec(start);
if (!options) throw new Error(`package.json's start script does not run "node [options] build/server.js": ${start}`);

/** Node's options for build/server.js, as `npm start` gives them. */
export const SERVER_NODE_OPTIONS: string[] = options[1]!.trim().split(/\s+/).filter(Boolean);

/** The arguments that start build/server.js with them. */
export const SERVER_ARGS: string[] = [...SERVER_NODE_OPTIONS, "build/server.js"];
