import { randomUUID } from "node:crypto";
import pino from "pino";
import { env } from "./env.server";

/**
 * The server's structured log: one JSON object per line on stdout, for journald, Docker or any
 * collector. LOG_LEVEL (trace…fatal, or silent) sets how much; "info" logs one line per request.
 */
export const log = pino({
  level: env().LOG_LEVEL,
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  // Whatever is logged under these names is a secret, wherever a caller puts it.
  redact: { paths: ["password", "*.password", "token", "*.token", "cookie", "*.cookie"], censor: "[redacted]" },
});

/** Query parameters that are keys: the calendar feed's token, a check-in code. */
const SECRET_PARAMETERS = new Set(["token", "code"]);
/** Path segments that are keys: /invitations/<token>, /reset-password/<token>, /signup/confirm/<token>. */
const SECRET_PATH = /^\/(invitations|reset-password|signup\/confirm)\/[^/?]+/;

/** Links in a text whose path or query is a key: the key replaced by "[redacted]". */
const SECRET_LINK = /(\/(?:invitations|reset-password|signup\/confirm)\/)[^/?#\s]+|([?&](?:token|code)=)[^&#\s]+/g;

/** A text (a mail kept in the outbox) as fit for another person's eyes: its secret links masked. */
export function redactSecretLinks(text: string): string {
  return text.replace(SECRET_LINK, (_, path?: string, query?: string) => `${path ?? query ?? ""}[redacted]`);
}

/** A request's path and query as fit for a log: secrets in the address replaced by "[redacted]". */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf("?");
  const path = (queryAt === -1 ? url : url.slice(0, queryAt)).replace(SECRET_PATH, "/$1/[redacted]");
  if (queryAt === -1) return path;
  const query = new URLSearchParams(url.slice(queryAt + 1));
  for (const name of [...query.keys()]) if (SECRET_PARAMETERS.has(name)) query.set(name, "[redacted]");
  const rest = query.toString().replaceAll("%5Bredacted%5D", "[redacted]");
  return rest ? `${path}?${rest}` : path;
}

const TRUSTED_ID = /^[\w.:-]{1,64}$/;

/** The id a proxy gave the request (X-Request-Id), when it looks like one; else a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === "string" && TRUSTED_ID.test(header) ? header : randomUUID();
}
