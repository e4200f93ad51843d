// The PostgreSQL server the tests run against. With TEST_DATABASE_URL set, that server is used
// and nothing is started. Otherwise a throwaway server from Debian's `postgresql` package (15 or
// later), installed with apt-get when missing as ensure-chromium.mjs installs Chromium, is made
// in CLUSTERS_DIR/postgres and started on a port of this checkout's own (TEST_POSTGRES_PORT):
//   node scripts/ensure-postgres.mjs start   → prints the server's URL (and writes it to url)
//   node scripts/ensure-postgres.mjs socket  → the same server's URL through its Unix socket
//   node scripts/ensure-postgres.mjs stop
//   node scripts/ensure-postgres.mjs recreate e2e   → an empty database e2e on it (its URL)
// initdb refuses to run as root, so as root the cluster belongs to the `postgres` user.
// fsync is off (a test database is thrown away, and nothing here survives the machine's power
// going); synchronous_commit stays on: a commit is answered once its WAL is written to the
// operating system, so `pg_ctl stop -m immediate` (the restart test) loses nothing acknowledged
// while the machine keeps running. (With synchronous_commit off a commit is answered before
// its WAL is written at all, and the restart test once found an acknowledged enrollment gone.)
// The same promise as SQLite's WAL with synchronous=NORMAL, so the benchmarks compare like with like.
import { execFileSync, execSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
/** A number of this checkout's own, so two checkouts' servers on one machine keep apart. */
const checkoutNumber = createHash("sha256").update(path.resolve(".")).digest().readUInt16BE(0);

/**
 * Where the test clusters live: in the checkout's tests/.tmp, or, as root, in the system's
 * temporary folder (named after the checkout): the cluster then belongs to `postgres`, who may
 * not be allowed into the checkout (a clone in a 0700 folder, /root).
 */
export const CLUSTERS_DIR = isRoot
  ? path.join(os.tmpdir(), `brics-training-postgres-${checkoutNumber}`)
  : path.resolve("tests/.tmp");
export const POSTGRES_DIR = path.join(CLUSTERS_DIR, "postgres");
const URL_FILE = path.join(POSTGRES_DIR, "url");
const PORT = Number(process.env.TEST_POSTGRES_PORT ?? 55000 + (checkoutNumber % 1000));

/** The newest installed server's binaries, e.g. /usr/lib/postgresql/15/bin. */
export function postgresBin() {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => Number(v) >= 15 && fs.existsSync(path.join(root, v, "bin/initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? path.join(root, versions[0], "bin") : null;
}

function install() {
  if (!isRoot) {
    console.error("PostgreSQL 15+ is missing. Install it with: sudo apt-get install -y postgresql postgresql-contrib");
    process.exit(1);
  }
  console.log("Installing Debian's postgresql for the tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execSync("apt-get update -qq", { stdio: "inherit", env });
  execSync("apt-get install -y -qq postgresql postgresql-contrib", { stdio: "inherit", env });
}

/** Runs a server program as the cluster's owner (postgres when we are root). */
export function asOwner(program, args, options = {}) {
  const bin = postgresBin();
  const file = path.join(bin, program);
  return isRoot
    ? execFileSync("runuser", ["-u", "postgres", "--", file, ...args], { encoding: "utf8", ...options })
    : execFileSync(file, args, { encoding: "utf8", ...options });
}

function running(data) {
  try {
    asOwner("pg_ctl", ["status", "-D", data], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes (once) and starts a cluster of its own in `dir` on `port`; its maintenance database's
 * URL. The suite's server is one; a test that stops its server makes another.
 */
export function startCluster({ dir, port }) {
  if (!postgresBin()) install();
  if (!postgresBin()) {
    console.error("apt-get finished but no PostgreSQL 15+ server is installed.");
    process.exit(1);
  }
  const data = path.join(dir, "data");
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  if (isRoot) execFileSync("chown", ["postgres:postgres", dir]);
  if (!fs.existsSync(path.join(data, "PG_VERSION"))) {
    asOwner("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"], {
      stdio: "pipe",
    });
  }
  if (!running(data)) {
    const options = [
      `-p ${port}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c full_page_writes=off",
      "-c max_connections=300",
      "-c shared_buffers=256MB",
    ].join(" ");
    asOwner("pg_ctl", ["start", "-w", "-D", data, "-l", path.join(dir, "server.log"), "-o", options], {
      stdio: "pipe",
    });
  }
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

/** Stops a cluster startCluster made: "fast" (sessions ended, a checkpoint) or "immediate" (as if the power went). */
export function stopCluster({ dir, mode = "fast" }) {
  const data = path.join(dir, "data");
  if (!fs.existsSync(path.join(data, "PG_VERSION")) || !running(data)) return;
  asOwner("pg_ctl", ["stop", "-w", "-m", mode, "-D", data], { stdio: "pipe" });
}

function start() {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const url = startCluster({ dir: POSTGRES_DIR, port: PORT });
  fs.writeFileSync(URL_FILE, url);
  return url;
}

/**
 * The same server through its Unix socket (in POSTGRES_DIR): on one machine a socket spares each
 * statement the loopback TCP stack, some 6% of an enrollment's CPU (docs/operations.md).
 */
function socketUrl() {
  const url = new URL(start());
  if (process.env.TEST_DATABASE_URL) return url.toString();
  url.hostname = "localhost";
  url.searchParams.set("host", POSTGRES_DIR);
  return url.toString();
}

function stop() {
  if (process.env.TEST_DATABASE_URL) return;
  stopCluster({ dir: POSTGRES_DIR });
}

/** An empty database `name` on the tests' server (dropped first if it exists); its URL. */
function recreate(name) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name ?? "")) {
    console.error("Usage: node scripts/ensure-postgres.mjs recreate <database name>");
    process.exit(2);
  }
  const server = new URL(start());
  const psql = path.join(postgresBin() ?? "", "psql");
  const connection = ["-h", server.hostname, "-p", server.port || "5432", "-U", server.username || "postgres"];
  for (const statement of [`drop database if exists ${name} with (force)`, `create database ${name}`])
    execFileSync(psql, [...connection, "-d", "postgres", "-qc", statement], { stdio: "pipe" });
  server.pathname = `/${name}`;
  return server.toString();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2] ?? "start";
  if (command === "start") console.log(start());
  else if (command === "socket") console.log(socketUrl());
  else if (command === "stop") stop();
  else if (command === "recreate") console.log(recreate(process.argv[3]));
  else {
    console.error("Usage: node scripts/ensure-postgres.mjs start|socket|stop|recreate <database>");
    process.exit(2);
  }
}
