/**
 * React Router's request handler for Express: the request made a Fetch `Request`, the answer
 * written back with `stream.pipeline`.
 *
 * Why not @react-router/express: its writer (writeReadableStreamToWritable, 7.18) races every
 * chunk it reads against one promise that settles only if the connection fails, and each race
 * keeps its chunk until the response ends (remix-run/react-router#15247; fixed in 8, which needs
 * Node 22). A CSV of a million registrations held all its 213 MB in the server; through
 * `pipeline` it holds the chunk being written. Apart from the writing this does what that adapter
 * does (docs/decisions/0019-own-express-adapter.md).
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { createReadableStreamFromReadable } from "@react-router/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { createRequestHandler as createReactRouterHandler, type ServerBuild } from "react-router";

type LoadContext = Parameters<ReturnType<typeof createReactRouterHandler>>[1];

export function createRequestHandler({
  build,
  mode,
  getLoadContext,
}: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => LoadContext;
}) {
  const handle = createReactRouterHandler(build, mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const response = await handle(fetchRequestOf(req, res), getLoadContext(req, res));
      await send(res, response);
    } catch (error) {
      next(error);
    }
  };
}

/** The request as the app reads it; its signal aborts when the client goes away before the answer is done. */
function fetchRequestOf(req: ExpressRequest, res: ExpressResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else headers.set(name, value);
  }
  const controller = new AbortController();
  let answered = false;
  res.on("finish", () => (answered = true));
  res.on("close", () => answered || controller.abort());
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(urlOf(req), init);
}

/**
 * The URL the client asked for. The host's name comes from Express (which reads X-Forwarded-Host
 * only when "trust proxy" is set); a name holding URL syntax is cut there, so a Host header
 * cannot move the path or the origin.
 */
function urlOf(req: ExpressRequest): string {
  const forwarded = req.app.enabled("trust proxy") ? req.get("X-Forwarded-Host") : undefined;
  const port = [forwarded, req.get("host")]
    .map((host) => Number.parseInt(host?.split(":")[1] ?? "", 10))
    .find((number) => Number.isSafeInteger(number));
  const hostname = req.hostname.split(/[\\/?#@]/)[0] || "localhost";
  return new URL(`${req.protocol}://${hostname}${port ? `:${port}` : ""}${req.originalUrl}`).href;
}

async function send(res: ExpressResponse, response: Response): Promise<void> {
  if (res.destroyed || res.writableEnded) {
    await response.body?.cancel();
    return;
  }
  res.statusMessage = response.statusText;
  res.status(response.status);
  // Headers iterate each Set-Cookie on its own; append keeps them apart.
  for (const [name, value] of response.headers) res.append(name, value);
  if (!response.body) {
    res.end();
    return;
  }
  try {
    // Backpressure end to end: the next chunk is read once the connection has taken this one.
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), res);
  } catch (error) {
    // The client went away mid-answer: nothing to tell it, and pipeline has cancelled the body.
    if (res.destroyed) return;
    throw error;
  }
}
