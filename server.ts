/**
 * The production server: applies pending migrations, then serves the built Remix app.
 * `npm start` runs it on an existing database; it never seeds.
 *
 * With WEB_CONCURRENCY=N (N > 1) the first process migrates and then forks N workers that share
 * the port and the database file. Correctness never relies on one process: every check-then-write
 * is an immediate SQLite transaction, and a waiting process sleeps on busy_timeout.
 */
import cluster from "node:cluster";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { migrateDatabase, openDatabase } from "./db/client";
import { readEnv } from "./app/utils/env.server";
import { refuseCrossSite, securityHeaders } from "./app/utils/security.server";

const env = readEnv();

if (cluster.isPrimary) {
  const migrationDb = openDatabase(env.DATABASE_PATH);
  migrateDatabase(migrationDb);
  migrationDb.$client.close();
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
    console.error(`Worker ${worker.process.pid} stopped (${signal ?? code}); starting another`);
    cluster.fork();
  });
  console.log(`Serving on http://localhost:${env.PORT} with ${count} workers (database ${env.DATABASE_PATH})`);
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

async function serve() {
  const buildPath = path.resolve("build/server/index.js");
  const build = (await import(buildPath)) as ServerBuild;

  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY) app.set("trust proxy", env.TRUST_PROXY);
  app.use(compression());
  app.use(securityHeaders);
  // Hashed assets never change under the same name: cache them for a year.
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  app.use(refuseCrossSite);
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce), clientIp: req.ip ?? "unknown" }),
    }),
  );

  const server = app.listen(env.PORT, env.HOST, () => {
    if (cluster.isPrimary) console.log(`Serving on http://localhost:${env.PORT} (database ${env.DATABASE_PATH})`);
  });

  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
