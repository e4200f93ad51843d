import { data } from "@remix-run/node";

/** Throws a 404 that the route's error boundary renders as the "page not found" page. */
export function notFound(): never {
  throw data(null, { status: 404, statusText: "Not Found" });
}

/** Returns the value, or throws a 404 when it is null or undefined. */
export function requireFound<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) notFound();
  return value;
}

/** Parses a route parameter as a positive integer id; anything else is a 404, never a 500. */
export function parseIdParam(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) notFound();
  const id = Number(value);
  if (!Number.isSafeInteger(id)) notFound();
  return id;
}

/** A same-site path to go back to after a form post; anything else falls back to "/". */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return fallback;
  }
  return value;
}

/** A plain 404 for file routes (.ics, .csv), which have no error page to render. */
export function notFoundResponse(): Response {
  return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
