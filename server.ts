/**
 * The production server: applies pending migrations, then serves the built React Router app.
 * `npm start` runs it on an existing database; it never seeds. `npm run build` bundles this file
 * into build/server.js, so production runs plain JavaScript (no TypeScript compiler in memory).
 *
 * With WEB_CONCURRENCY=N (N > 1) the first process migrates and then forks N workers that share
 * the port and the database file. Correctness never relies on one process: every check-then-write
 * is an immediate SQLite transaction, and a waiting process sleeps on busy_timeout.
 */
import cluster from "node:cluster";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "./app/utils/request-handler.server";
import type { ServerBuild } from "react-router";
import compression from "compression";
import express from "express";
import { describeDatabase, migrateConfiguredDatabase } from "./db/migrate";
import { readEnv } from "./app/utils/env.server";
import { log } from "./app/utils/log.server";
import { requestLog } from "./app/utils/request-log.server";
import { limitBodySize, refuseCrossSite, refuseNulInAddress, securityHeaders } from "./app/utils/security.server";

/** What the built app's entry exports besides React Router's own (app/entry.server.tsx). */
type AppEntry = { stopServing?: () => Promise<void> };

/** The checkout this bundle was built in: this file runs as build/server.js. */
const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BUILD_DIR = path.join(APP_ROOT, "build");
// A relative DATABASE_PATH (the default ./data/app.db) means the same file as for the npm scripts
// (migrate, backup, restore, create-organizer), which npm runs in the app's folder: started from
// anywhere else, the server would otherwise make and serve an empty database of its own.
process.chdir(APP_ROOT);

const env = readEnv();
const DATABASE = describeDatabase(env);

/** Connections waiting to be accepted: room for a burst of a few hundred at once (Node's default is 511). */
const LISTEN_BACKLOG = 2_048;
/** Longer than nginx's 60 s upstream keepalive_timeout, so the client always closes first. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

if (cluster.isPrimary) {
  try {
    await migrateConfiguredDatabase(env, APP_ROOT);
  } catch (error) {
    // Said plainly to whoever starts the server (a missing extension, a database it may not write).
    log.fatal(
      { database: DATABASE, reason: error instanceof Error ? error.message : String(error) },
      "cannot start: the database could not be migrated",
    );
    process.exit(1);
  }
}

if (cluster.isPrimary && env.WEB_CONCURRENCY > 1) {
  superviseWorkers(env.WEB_CONCURRENCY);
} else {
  await serve();
}

function superviseWorkers(count: number) {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ worker: worker.process.pid, code, signal }, "a worker stopped; starting another");
    cluster.fork();
  });
  log.info({ port: env.PORT, workers: count, database: DATABASE }, `serving on http://localhost:${env.PORT}`);
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping the workers");
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function serve() {
  // Imported once: the request handler is given the module itself, so route matching is set up
  // once per process and not per request.
  const build = (await import(path.join(BUILD_DIR, "server/index.js"))) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", env.TRUST_PROXY);
  app.use(requestLog);
  app.use(compression());
  app.use(securityHeaders);
  // Hashed assets never change under the same name: cache them for a year.
  app.use("/assets", express.static(path.join(BUILD_DIR, "client/assets"), { immutable: true, maxAge: "1y" }));
  // The files of public/ (the favicon) are served by name: handing every request to
  // express.static would cost each page and form post a file-system lookup.
  const clientDir = path.join(BUILD_DIR, "client");
  const publicFiles = new Set(
    fs
      .readdirSync(clientDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => `/${path.relative(clientDir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")}`)
      .filter((file) => !file.startsWith("/assets/")),
  );
  const servePublicFile = express.static(clientDir, { maxAge: "1h", index: false });
  app.use((req, res, next) => (publicFiles.has(req.path) ? servePublicFile(req, res, next) : next()));
  // Sizes first: a body over the limit is refused (and read to its end) before anything else.
  app.use(limitBodySize);
  app.use(refuseNulInAddress);
  app.use(refuseCrossSite);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce),
        clientIp: req.ip ?? "unknown",
        requestId: String(res.locals.requestId),
      }),
    }),
  );

  const server = app.listen({ port: env.PORT, host: env.HOST, backlog: LISTEN_BACKLOG }, () => {
    if (cluster.isPrimary) log.info({ port: env.PORT, database: DATABASE }, `serving on http://localhost:${env.PORT}`);
  });
  // Node closes an idle keep-alive connection after 5 s, sooner than the clients and proxies that
  // keep it (nginx's upstream keepalive, browsers, undici): one that sends its next request just
  // as the server closes the connection gets a reset. Idle connections stay open longer than those
  // clients keep them, and a request's headers may take as long.
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;

  // SIGTERM: stop accepting, let requests in flight finish (idle keep-alive connections are
  // closed at once), then let the app finish its mail and close the database. A request still
  // running after the grace period is cut off.
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping: finishing the requests in flight");
    const deadline = setTimeout(() => server.closeAllConnections(), env.SHUTDOWN_GRACE_SECONDS * 1000);
    deadline.unref();
    // A connection kept alive would otherwise hold the stop up until its idle timeout.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearInterval(sweep);
      void Promise.resolve((build.entry.module as AppEntry).stopServing?.())
        .catch((error: unknown) => log.error({ err: error }, "stopping the app failed"))
        .finally(() => {
          log.info("stopped; database closed");
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
