import { DEFAULT_LOCALE, isSupportedLocale, type Locale } from "~/i18n/config";
import { getLocale } from "~/i18n/i18next.server";

/** Partners' websites read the API from the browser: open to every origin, read-only, cached briefly. */
export const API_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
} as const;

/** The API's language: `?locale=`, else Accept-Language, else English. */
export async function apiLocale(request: Request): Promise<Locale> {
  const asked = new URL(request.url).searchParams.get("locale");
  if (isSupportedLocale(asked)) return asked;
  return (await getLocale(request)) ?? DEFAULT_LOCALE;
}

export function apiError(status: number, error: string, details?: unknown): Response {
  return Response.json({ error, details }, { status, headers: API_HEADERS });
}
