import type { NextFunction, Request, Response } from "express";
import { log, redactUrl, requestIdFrom } from "./log.server";

/**
 * Gives every request an id (the proxy's X-Request-Id when it sent one), returns it in the
 * response's X-Request-Id, and logs one line when the response is finished or the client left.
 * Loaders and actions get the id in their load context, so what they log can be joined to it.
 */
export function requestLog(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  const requestId = requestIdFrom(req.headers["x-request-id"]);
  res.locals.requestId = requestId;
  res.setHeader("X-Request-Id", requestId);
  const done = () => {
    res.off("finish", done);
    res.off("close", done);
    log.info(
      {
        reqId: requestId,
        method: req.method,
        url: redactUrl(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        bytes: Number(res.getHeader("content-length") ?? 0) || undefined,
        aborted: res.writableFinished ? undefined : true,
      },
      "request",
    );
  };
  res.on("finish", done);
  res.on("close", done);
  next();
}
