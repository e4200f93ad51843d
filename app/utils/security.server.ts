/**
 * HTTP defences applied by server.ts before React Router sees a request: cross-site form posts are
 * refused, bodies larger than any page sends are refused, and every response carries a
 * nonce-based Content-Security-Policy.
 */
import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { getLocale, translatorFor } from "~/i18n/i18next.server";
import { FORM_MAX_BYTES } from "./http.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True when a state-changing request comes from another site (CSRF), judged by the browser's own headers. */
export function isCrossSiteRequest(
  method: string,
  headers: { origin?: string; host?: string; secFetchSite?: string },
  protocol: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (headers.secFetchSite) return headers.secFetchSite !== "same-origin";
  // Older browsers: compare Origin with our own address. No header at all is not a browser
  // carrying someone's cookie (browsers send Origin on every cross-site POST), so it passes.
  if (headers.origin) return headers.origin !== `${protocol}://${headers.host}`;
  return false;
}

export function refuseCrossSite(req: Request, res: Response, next: NextFunction): void {
  const crossSite = isCrossSiteRequest(
    req.method,
    { origin: req.get("origin"), host: req.get("host"), secFetchSite: req.get("sec-fetch-site") },
    req.protocol,
  );
  if (!crossSite) return next();
  sendErrorPage(req, res, next, 403, "error.forbiddenTitle", "error.crossSiteText");
}

/**
 * Refuses an address with a NUL byte in its path or query (`%00`) with a 400 page, before any
 * route runs. No page of ours has one; PostgreSQL cannot hold one in a text value at all, so a
 * slug or a search term with one would fail the query (SQLite only finds nothing). One rule at
 * the door answers both engines alike.
 */
export function refuseNulInAddress(req: Request, res: Response, next: NextFunction): void {
  if (!req.originalUrl.includes("%00") && !req.originalUrl.includes("\0")) return next();
  sendErrorPage(req, res, next, 400, "error.badRequestTitle", "error.nulInAddressText");
}

/** Sizes no page of ours exceeds: a form (app/utils/http.server.ts) and an attendance file upload. */
const BODY_LIMITS = { form: FORM_MAX_BYTES, upload: 11 * 1024 * 1024 };
const UPLOAD_PATH = /^\/manage\/sessions\/\d+\/attendance-import\/?$/;
/** A refused body up to this size is still read, so the browser gets to see the 413 page. */
const DRAIN_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Refuses a body whose declared size is over the limit before any route runs, with a 413 page
 * in the reader's language. (Bodies sent without a declared size are bounded while they are
 * read, by readForm and readFormOrRefusal.)
 */
export function limitBodySize(req: Request, res: Response, next: NextFunction): void {
  const declared = Number(req.get("content-length") ?? 0);
  const limit = UPLOAD_PATH.test(req.path) ? BODY_LIMITS.upload : BODY_LIMITS.form;
  if (!(declared > limit)) {
    closeWhenAnsweredEarly(req, res);
    return next();
  }
  const refuse = () => sendErrorPage(req, res, next, 413, "error.tooLargeTitle", "error.tooLargeText");
  if (declared > DRAIN_MAX_BYTES) {
    res.setHeader("Connection", "close");
    return refuse();
  }
  req.on("end", refuse);
  req.resume();
}

/**
 * A route may answer before it reads the body (a redirect to sign in, a 403). Node then closes
 * the connection, and a client that reused it for its next request would see it reset; saying
 * "Connection: close" in that answer tells the client not to reuse it.
 */
function closeWhenAnsweredEarly(req: Request, res: Response): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((...args: unknown[]) => {
    if (!req.complete && !res.headersSent) res.setHeader("Connection", "close");
    return writeHead(...args);
  }) as Response["writeHead"];
}

function sendErrorPage(
  req: Request,
  res: Response,
  next: NextFunction,
  status: number,
  titleKey: "error.forbiddenTitle" | "error.tooLargeTitle" | "error.badRequestTitle",
  textKey: "error.crossSiteText" | "error.tooLargeText" | "error.nulInAddressText",
): void {
  const request = new globalThis.Request(`http://localhost${req.originalUrl}`, {
    headers: { cookie: req.get("cookie") ?? "", "accept-language": req.get("accept-language") ?? "" },
  });
  void getLocale(request).then((locale) => {
    const t = translatorFor(locale);
    res
      .status(status)
      .type("html")
      .send(
        `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t(titleKey)}</title></head><body><main><h1>${t(titleKey)}</h1><p>${t(textKey)}</p><p><a href="/">${t("error.backHome")}</a></p></main></body></html>`,
      );
  }, next);
}

/** Sets a fresh nonce and the security headers on every response. */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
  );
  // Over HTTPS (req.secure reads X-Forwarded-Proto behind a trusted proxy), browsers keep to
  // HTTPS for a year. Not on plain http: the demo on a LAN address must stay reachable.
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(self), geolocation=(), microphone=()");
  next();
}
