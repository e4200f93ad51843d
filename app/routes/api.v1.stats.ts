import { authenticateApiToken } from "~/models/api-tokens.server";
import { STATS_DEFINITIONS } from "~/models/stats-definitions";
import { computeStats } from "~/models/stats.server";
import {
  methodNotAllowed,
  preflight,
  apiLocale,
  parameterErrors,
  PRIVATE_API_HEADERS,
  problem,
} from "~/utils/api.server";
import { getDb } from "~/utils/db.server";
import { translatorFor } from "~/i18n/i18next.server";
import { StatsApiQuerySchema } from "~/validation/stats-filters";
import type { Route } from "./+types/api.v1.stats";

/**
 * GET /api/v1/stats?groupBy=country|domain|institution|program|month and the dashboard's
 * filters, for the office's BI tools. Authorized by an organizer's API token
 * (`Authorization: Bearer brt_…`); the same figures as the dashboard, by the same definitions.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const answered = preflight(request, { cors: false });
  if (answered) return answered;
  const db = getDb();
  if (!(await authenticateApiToken(db, request.headers.get("Authorization"))))
    return problem(401, "A valid API token is required: Authorization: Bearer <token> (made in /admin/api-tokens).", {
      headers: { ...PRIVATE_API_HEADERS, "WWW-Authenticate": 'Bearer realm="statistics"' },
    });
  const url = new URL(request.url);
  const parsed = StatsApiQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success)
    return problem(400, "The query has parameters this endpoint cannot read.", {
      errors: parameterErrors(parsed.error.issues),
      headers: PRIVATE_API_HEADERS,
    });
  const { groupBy, locale: _locale, ...filters } = parsed.data;
  const locale = await apiLocale(request);
  const t = translatorFor(locale);
  const stats = await computeStats(db, filters, locale);
  // Keys are what the filters take: ISO code, slug, program id, YYYY-MM.
  const rows = {
    country: () => stats.byCountry.map(({ code, name, group, ...figures }) => ({ key: code, name, group, ...figures })),
    domain: () => stats.byDomain.map(({ id: _id, slug, name, ...figures }) => ({ key: slug, name, ...figures })),
    institution: () =>
      stats.byInstitution.map(({ id: _id, slug, name, ...figures }) => ({ key: slug, name, ...figures })),
    program: () => stats.byProgram.map(({ id, name, ...figures }) => ({ key: String(id), name, ...figures })),
    month: () => stats.byMonth.map(({ month, ...figures }) => ({ key: month, name: month, ...figures })),
  }[groupBy]();
  return Response.json(
    {
      groupBy,
      filters,
      locale,
      totals: stats.totals,
      // Registrations of the period's sessions still to come; not part of the figures above.
      scheduled: stats.scheduled,
      rows,
      definitions: Object.fromEntries(STATS_DEFINITIONS.map((key) => [key, t(`stats.definitions.${key}`)])),
    },
    { headers: PRIVATE_API_HEADERS },
  );
}

export function action() {
  return methodNotAllowed({ cors: false });
}
