/**
 * The production server: applies pending migrations, then serves the built Remix app.
 * `npm start` runs it on an existing database; it never seeds.
 */
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { migrateDatabase, openDatabase } from "./db/client";
import { readEnv } from "./app/utils/env.server";
import { refuseCrossSite, securityHeaders } from "./app/utils/security.server";

const env = readEnv();

const migrationDb = openDatabase(env.DATABASE_PATH);
migrateDatabase(migrationDb);
migrationDb.$client.close();

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
  console.log(`Serving on http://localhost:${env.PORT} (database ${env.DATABASE_PATH})`);
});

function shutdown() {
  server.close(() => process.exit(0));
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
