import { data } from "react-router";
import { idFromText } from "~/validation/fields";

/** Throws a 404 that the route's error boundary renders as the "page not found" page. */
export function notFound(): never {
  throw data(null, { status: 404, statusText: "Not Found" });
}

/** Returns the value, or throws a 404 when it is null or undefined. */
export function requireFound<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) notFound();
  return value;
}

/** Parses a route parameter as a record's id (idFromText); anything else is a 404, never a 500. */
export function parseIdParam(value: string | undefined): number {
  return idFromText(value) ?? notFound();
}

/** Stands for this site when a redirect target is resolved: only the origin is compared. */
const THIS_SITE = new URL("http://this-site.invalid");
const MAX_REDIRECT_LENGTH = 2_000;

/**
 * A path of this site to go back to (after sign-in, a language switch, sign-out); anything else
 * falls back. The target is resolved the way a browser resolves a Location header (WHATWG URL:
 * tabs and newlines dropped, "\" read as "/"), so "/\t/evil.example" is seen as the other site it
 * is. What comes back is the resolved path, percent-encoded: safe in a header whatever was sent.
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > MAX_REDIRECT_LENGTH) return fallback;
  let target: URL;
  try {
    target = new URL(value, THIS_SITE);
  } catch {
    return fallback;
  }
  if (target.origin !== THIS_SITE.origin) return fallback;
  return target.pathname + target.search + target.hash;
}

/** A plain 404 for file routes (.ics, .csv), which have no error page to render. */
export function notFoundResponse(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Throws a 400 that the route's error boundary renders as "this request could not be understood". */
export function badRequest(): never {
  throw data(null, { status: 400, statusText: "Bad Request" });
}

/** Throws a 413 that the route's error boundary renders as "what you sent is too large". */
export function payloadTooLarge(): never {
  throw data(null, { status: 413, statusText: "Payload Too Large" });
}

/** A 429 answer with its body and a Retry-After header: the same for every limit a form meets. */
export function tooManyRequests<T>(body: T, retryAfterSeconds: number) {
  return data(body, { status: 429, headers: { "Retry-After": String(retryAfterSeconds) } });
}

/** The largest form body any page sends (a course in four languages is a few kilobytes). */
export const FORM_MAX_BYTES = 1024 * 1024;

/** Why a form body was refused: over the size limit, or not a form (another type, or unparsable). */
export type FormRefusal = "too_large" | "unreadable";

/**
 * Reads a form post, refusing what no page of ours sends: a body over `maxBytes` (kept in memory
 * no further than the limit), another content type, or a body that does not parse. server.ts
 * refuses bodies that declare a larger size before any route runs; this also bounds those that
 * do not declare one. For a route that words its own refusal (the attendance upload).
 */
export async function readFormOrRefusal(
  request: Request,
  maxBytes = FORM_MAX_BYTES,
): Promise<{ ok: true; form: FormData } | { ok: false; refusal: FormRefusal }> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return { ok: false, refusal: "too_large" };
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type))
    return { ok: false, refusal: "unreadable" };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) break;
    size += chunk.value.byteLength;
    // Stop reading, but do not cancel the body: cancelling destroys the socket under a client
    // still sending, which then sees a reset instead of the 413 (serving.test "chunked" guards it).
    if (size > maxBytes) return { ok: false, refusal: "too_large" };
    chunks.push(chunk.value);
  }
  try {
    return {
      ok: true,
      form: await new Response(Buffer.concat(chunks), { headers: { "Content-Type": type } }).formData(),
    };
  } catch {
    return { ok: false, refusal: "unreadable" };
  }
}

/** Reads a form post like readFormOrRefusal; a refusal is the 413 or 400 error page. */
export async function readForm(request: Request, maxBytes = FORM_MAX_BYTES): Promise<FormData> {
  const read = await readFormOrRefusal(request, maxBytes);
  if (read.ok) return read.form;
  return read.refusal === "too_large" ? payloadTooLarge() : badRequest();
}
