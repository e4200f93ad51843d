/**
 * HTTP defences applied by server.ts before Remix sees a request: cross-site form posts are
 * refused, and every response carries a nonce-based Content-Security-Policy.
 */
import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { i18nServer, translatorFor } from "~/i18n/i18next.server";

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
  void renderForbiddenPage(req).then((html) => {
    res.status(403).type("html").send(html);
  }, next);
}

async function renderForbiddenPage(req: Request): Promise<string> {
  const request = new globalThis.Request(`http://localhost${req.originalUrl}`, {
    headers: { cookie: req.get("cookie") ?? "", "accept-language": req.get("accept-language") ?? "" },
  });
  const locale = await i18nServer.getLocale(request);
  const t = translatorFor(locale);
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t("error.forbiddenTitle")}</title></head><body><main><h1>${t("error.forbiddenTitle")}</h1><p>${t("error.crossSiteText")}</p><p><a href="/">${t("error.backHome")}</a></p></main></body></html>`;
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
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(self), geolocation=(), microphone=()");
  next();
}
