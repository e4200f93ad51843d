import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { Trans, useTranslation } from "react-i18next";
import { FormMessage } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { confirmSignup, findSignupRequest } from "~/models/signup.server";
import { signInAndRedirect } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/signup_.confirm.$token";

export const meta = pageTitleMeta;

/**
 * The link mailed at sign-up. Opening it only shows a button: mail scanners and link previews
 * open links too, and the account is made by the person who presses it (a POST), who is then
 * signed in.
 */
export async function loader({ request, params }: Route.LoaderArgs) {
  const { t } = await getTranslator(request);
  const found = await findSignupRequest(getDb(), params.token ?? "");
  return data(
    { pageTitle: t("auth.confirmTitle"), pending: found ? { email: found.email, name: found.name } : null },
    { status: found ? 200 : 410 },
  );
}

export async function action({ request, params }: Route.ActionArgs) {
  const result = await confirmSignup(getDb(), params.token ?? "");
  if ("invalid" in result) return data({ problem: "auth.confirmInvalid" as const }, { status: 410 });
  if ("taken" in result) return data({ problem: "auth.confirmTaken" as const }, { status: 409 });
  return signInAndRedirect(request, result.user, result.redirectTo);
}

export default function ConfirmSignupPage() {
  const { pending } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const { t } = useTranslation();
  const problem = answer?.problem ?? (pending ? null : "auth.confirmInvalid");
  return (
    <div className="page">
      <h1>{t("auth.confirmTitle")}</h1>
      {problem ? (
        <>
          <FormMessage message={t(problem)} />
          <p>
            <Trans
              i18nKey="auth.confirmNext"
              components={{ signIn: <Link to="/login" />, signUp: <Link to="/signup" /> }}
            />
          </p>
        </>
      ) : (
        <Form method="post" className="form">
          <p>{t("auth.confirmIntro", { email: pending?.email, name: pending?.name })}</p>
          <p>
            <button type="submit">{t("auth.confirmSubmit")}</button>
          </p>
        </Form>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
