import { data, Form, Link, useActionData, useLoaderData, useSearchParams, type HeadersFunction } from "react-router";
import { Trans, useTranslation } from "react-i18next";
import { CurrentPasswordField, EmailField } from "~/components/account-fields";
import { FormMessage, useSchemaForm } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { checkLoginThrottle, clearLoginFailures, recordFailedSignIn } from "~/models/login-throttle.server";
import { verifyLogin } from "~/models/users.server";
import { homeFor, requireAnonymous, signInAndRedirect } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { readForm, safeRedirectPath, tooManyRequests } from "~/utils/http.server";
import { LoginSchema } from "~/validation/auth";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/login";

export const meta = pageTitleMeta;

/** Passes the throttle's Retry-After on to the document response. */
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request);
  const { t } = await getTranslator(request);
  return { pageTitle: t("auth.signInTitle") };
}

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(LoginSchema, formData);
  // Every refusal has the same shape: only a throttled one has seconds to wait.
  if (!parsed.success) return data({ ...parsed.failure, retryAfterSeconds: 0 }, { status: 400 });
  const { email, password, redirectTo } = parsed.data;
  const ip = context.clientIp;
  const db = getDb();
  const verdict = await checkLoginThrottle(db, { email, ip });
  if (!verdict.allowed) {
    const key = verdict.scope === "ip" ? "auth.throttledIp" : "auth.throttled";
    const failure = fieldFailure(formData, {}, key);
    return tooManyRequests({ ...failure, retryAfterSeconds: verdict.retryAfterSeconds }, verdict.retryAfterSeconds);
  }
  const user = await verifyLogin(db, email, password);
  if (!user) {
    await recordFailedSignIn(db, { email, ip });
    return data({ ...fieldFailure(formData, {}, "auth.wrongCredentials"), retryAfterSeconds: 0 }, { status: 400 });
  }
  await clearLoginFailures(db, { email, ip });
  return signInAndRedirect(request, user, safeRedirectPath(redirectTo, homeFor(user)));
}

export default function LoginPage() {
  const failure = useActionData<typeof action>();
  useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const form = useSchemaForm(LoginSchema, failure);
  const notice = searchParams.get("reset") ? t("auth.resetDone") : null;
  return (
    <div className="page">
      <h1>{t("auth.signInTitle")}</h1>
      <FormMessage message={notice} tone="success" />
      <FormMessage message={failure?.formError ? t(failure.formError, { seconds: failure.retryAfterSeconds }) : null} />
      <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
        <EmailField form={form} />
        <CurrentPasswordField form={form} />
        <p>
          <button type="submit">{t("auth.signInSubmit")}</button>
        </p>
      </Form>
      <p>
        <Link to="/forgot-password">{t("auth.forgotLink")}</Link>
      </p>
      <p>
        <Trans i18nKey="auth.noAccount" components={{ signUp: <Link to="/signup" /> }} />
      </p>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
