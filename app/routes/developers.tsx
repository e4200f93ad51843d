import { useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { getTranslator } from "~/i18n/i18next.server";
import { searchSessions, toApiSession } from "~/models/catalog.server";
import { getDb } from "~/utils/db.server";
import { publicSiteUrl } from "~/utils/env.server";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/developers";

export const meta = pageTitleMeta;

/**
 * The API for people: what it is for, how to call it, and a real answer from this site's
 * catalog as the example. Every field is described in /api/v1/openapi.json.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const { locale, t } = await getTranslator(request);
  const api = `${publicSiteUrl()}/api/v1`;
  const { sessions } = await searchSessions(getDb(), { locale, limit: 1 });
  const example = sessions[0] ? toApiSession(sessions[0]) : null;
  return { pageTitle: t("developers.title"), api, locale, example };
}

export default function DevelopersPage() {
  const { api, locale, example } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const calls = [
    {
      title: t("developers.listTitle"),
      text: t("developers.listText"),
      command: `curl "${api}/sessions?mode=online&lang=${locale.split("-")[0]}&limit=20&locale=${locale}"`,
    },
    {
      title: t("developers.searchTitle"),
      text: t("developers.searchText"),
      command: `curl "${api}/sessions?q=robotica&from=2026-01-01"`,
    },
    {
      title: t("developers.oneTitle"),
      text: t("developers.oneText"),
      command: `curl "${api}/sessions/${example?.id ?? 1}"`,
    },
    {
      title: t("developers.statsTitle"),
      text: t("developers.statsText"),
      command: `curl -H "Authorization: Bearer brt_…" "${api}/stats?groupBy=country&from=2026-01-01"`,
    },
  ];
  return (
    <div className="page">
      <h1>{t("developers.title")}</h1>
      <p>{t("developers.intro")}</p>
      <p>
        <a href="/api/v1/openapi.json">{t("developers.reference")}</a>
      </p>
      {calls.map((call) => (
        <section key={call.title}>
          <h2>{call.title}</h2>
          <p>{call.text}</p>
          <pre className="code-sample code-wrapped">
            <code>{call.command}</code>
          </pre>
        </section>
      ))}
      <section>
        <h2>{t("developers.errorsTitle")}</h2>
        <p>{t("developers.errorsText")}</p>
        <pre className="code-sample code-wrapped">
          <code>{`{ "type": "about:blank", "title": "Bad Request", "status": 400,\n  "detail": "The query has parameters this endpoint cannot read.",\n  "errors": [{ "parameter": "mode", "message": "Invalid enum value…" }] }`}</code>
        </pre>
      </section>
      {example ? (
        <section>
          <h2>{t("developers.exampleTitle")}</h2>
          <p>{t("developers.exampleText")}</p>
          <pre className="code-sample code-wrapped">
            <code>{JSON.stringify(example, null, 2)}</code>
          </pre>
        </section>
      ) : null}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
