import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { ScrollRegion } from "~/components/scroll-region";
import { useTranslation } from "react-i18next";
import { TextField, useSchemaForm } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/models/api-tokens.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import { parseIdParam, readForm } from "~/utils/http.server";
import { publicSiteUrl } from "~/utils/env.server";
import { formatDateTime } from "~/utils/format";
import { REPORTING_TIME_ZONE } from "~/models/stats-definitions";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { pageTitleMeta } from "~/utils/meta";
import { ApiTokenSchema } from "~/validation/manage";
import type { Route } from "./+types/admin.api-tokens";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { t } = await getTranslator(request);
  const db = getDb();
  return {
    pageTitle: t("apiTokens.title"),
    tokens: await listApiTokens(db),
    apiUrl: `${publicSiteUrl()}/api/v1/stats`,
  };
}

export async function action({ request }: Route.ActionArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const db = getDb();
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "revoke") {
    await revokeApiToken(db, { actor: organizer, id: parseIdParam(String(formData.get("id") ?? "")) });
    return redirect("/admin/api-tokens?revoked=1", 303);
  }
  const parsed = parseForm(ApiTokenSchema, formData);
  if (!parsed.success) return data({ ...parsed.failure, token: null }, { status: 400 });
  const { token } = await createApiToken(db, { actor: organizer, name: parsed.data.name });
  // Shown in this answer only: the database keeps its hash.
  return { fieldErrors: {}, values: {}, token };
}

export default function ApiTokensPage() {
  const { tokens, apiUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const form = useSchemaForm(ApiTokenSchema, result?.token ? undefined : result);
  // One zone for server and browser, so the page hydrates to the same text: the office's.
  const date = (value: Date | string | null) =>
    value ? formatDateTime(new Date(value), i18n.language, REPORTING_TIME_ZONE) : "–";
  return (
    <div className="page">
      <h1>{t("apiTokens.title")}</h1>
      <p>{t("apiTokens.intro")}</p>
      <pre className="code-sample code-wrapped">{`curl -H "Authorization: Bearer brt_…" "${apiUrl}?groupBy=country&from=2021-01-01&to=2021-12-31"`}</pre>
      {result?.token ? (
        <div className="notice notice--success" role="status">
          <p>{t("apiTokens.created")}</p>
          <p>
            <code data-testid="api-token">{result.token}</code>
          </p>
        </div>
      ) : null}
      <Form
        method="post"
        className="form form--inline"
        noValidate
        onSubmit={form.onSubmit}
        key={result?.token ?? "form"}
      >
        <TextField {...form.field("name")} label={t("apiTokens.name")} required />
        <button type="submit" name="intent" value="create">
          {t("apiTokens.create")}
        </button>
      </Form>
      {tokens.length === 0 ? (
        <p>{t("apiTokens.none")}</p>
      ) : (
        <ScrollRegion label={t("apiTokens.title")}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("apiTokens.name")}</th>
                <th scope="col">{t("apiTokens.createdBy")}</th>
                <th scope="col">{t("apiTokens.createdAt")}</th>
                <th scope="col">{t("apiTokens.lastUsed")}</th>
                <th scope="col">{t("apiTokens.state")}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id}>
                  <th scope="row">{token.name}</th>
                  <td>{token.createdBy}</td>
                  <td>{date(token.createdAt)}</td>
                  <td>{date(token.lastUsedAt)}</td>
                  <td>
                    {token.revokedAt ? (
                      t("apiTokens.revokedOn", { date: date(token.revokedAt) })
                    ) : (
                      <Form method="post">
                        <input type="hidden" name="id" value={token.id} />
                        <button type="submit" name="intent" value="revoke" className="button--secondary">
                          {t("apiTokens.revoke", { name: token.name })}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
