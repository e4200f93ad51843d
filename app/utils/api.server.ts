/**
 * What both JSON APIs share: errors as RFC 9457 problem details, the answers to methods they do
 * not serve, CORS for the public one, and conditional GETs (ETag, 304) for what caches may keep.
 */
import { createHash } from "node:crypto";
import type { ZodIssue } from "zod";
import { isSupportedLocale, type Locale } from "~/i18n/config";
import { getLocale } from "~/i18n/i18next.server";

/**
 * Partners' websites read the public API from the browser: open to every origin, read-only,
 * cached briefly. The body's language follows Accept-Language, so a shared cache must keep one
 * copy per language.
 */
export const PUBLIC_API_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
  Vary: "Accept-Language",
} as const;
/** The statistics API answers an organizer's token: nothing of it is kept by any cache. */
export const PRIVATE_API_HEADERS = { "Cache-Control": "private, no-store" } as const;

/** The API's language: `?locale=`, else Accept-Language, else English. */
export async function apiLocale(request: Request): Promise<Locale> {
  const asked = new URL(request.url).searchParams.get("locale");
  if (isSupportedLocale(asked)) return asked;
  return getLocale(request);
}

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
};

/** A parameter the request got wrong, and what is wrong with it. */
export type ParameterError = { parameter: string | null; message: string };

/**
 * An RFC 9457 problem: `type` about:blank with the status's own title, `detail` for people,
 * and for a refused query an `errors` list naming each parameter.
 */
export function problem(
  status: number,
  detail: string,
  { errors, headers = PUBLIC_API_HEADERS }: { errors?: ParameterError[]; headers?: Record<string, string> } = {},
): Response {
  const body = { type: "about:blank", title: STATUS_TITLES[status] ?? "Error", status, detail, errors };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...headers, "Content-Type": "application/problem+json; charset=utf-8" },
  });
}

/** Zod's issues as parameter errors: `mode` for a bad value, the name itself for an unknown one. */
export function parameterErrors(issues: ZodIssue[]): ParameterError[] {
  return issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ parameter: key, message: "is not a parameter of this endpoint" }))
      : [{ parameter: issue.path.join(".") || null, message: issue.message }],
  );
}

/**
 * A JSON answer with an ETag over its bytes; a request that already holds them (If-None-Match)
 * gets 304 and no body.
 */
export function jsonWithEtag(request: Request, body: unknown, headers: Record<string, string>): Response {
  const text = JSON.stringify(body);
  const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
  const held = (request.headers.get("If-None-Match") ?? "").split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  if (held.includes(etag) || held.includes("*"))
    return new Response(null, { status: 304, headers: { ...headers, ETag: etag } });
  return new Response(text, {
    headers: { ...headers, ETag: etag, "Content-Type": "application/json; charset=utf-8" },
  });
}

const ALLOW = "GET, HEAD, OPTIONS";

/**
 * A CORS preflight (React Router hands OPTIONS to the loader, like GET): the public API lets any
 * origin read; the statistics API names no origin, so browsers keep its token out of other
 * sites' pages. Null for any other method.
 */
export function preflight(request: Request, { cors }: { cors: boolean }): Response | null {
  if (request.method !== "OPTIONS") return null;
  const allowOrigin = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ALLOW,
    "Access-Control-Allow-Headers": "Accept-Language, If-None-Match",
    "Access-Control-Max-Age": "86400",
  };
  return new Response(null, { status: 204, headers: { Allow: ALLOW, ...(cors ? allowOrigin : {}) } });
}

/** Every method an API route does not serve (its action): 405 with the methods there are. */
export function methodNotAllowed({ cors }: { cors: boolean }): Response {
  return problem(405, `This endpoint answers ${ALLOW} only.`, {
    headers: { ...(cors ? PUBLIC_API_HEADERS : PRIVATE_API_HEADERS), Allow: ALLOW },
  });
}
