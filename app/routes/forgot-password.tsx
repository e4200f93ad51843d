import { data, Form, useActionData } from "react-router";
import { useTranslation } from "react-i18next";
import { EmailField } from "~/components/account-fields";
import { FormMessage, useSchemaForm } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { requestPasswordReset } from "~/models/password-reset.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { ForgotPasswordSchema } from "~/validation/auth";
import { pageTitleMeta } from "~/utils/meta";
import { readForm, tooManyRequests } from "~/utils/http.server";
import { usesOutbox } from "~/utils/mail.server";
import type { Route } from "./+types/forgot-password";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const { t } = await getTranslator(request);
  return { pageTitle: t("auth.forgotTitle") };
}

export async function action({ request, context }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(ForgotPasswordSchema, formData);
  if (!parsed.success) return data({ ...parsed.failure, sentTo: null, retryAfterMinutes: 0 }, { status: 400 });
  const db = getDb();
  const result = await requestPasswordReset(db, { email: parsed.data.email, ip: context.clientIp });
  if ("throttled" in result) {
    const failure = fieldFailure(formData, {}, "auth.tooManyResets");
    const retryAfterMinutes = Math.ceil(result.retryAfterSeconds / 60);
    return tooManyRequests({ ...failure, sentTo: null, retryAfterMinutes }, result.retryAfterSeconds);
  }
  // The same answer whether or not the address has an account.
  return {
    fieldErrors: {},
    values: {},
    formError: undefined,
    sentTo: parsed.data.email,
    retryAfterMinutes: 0,
    noMailServer: usesOutbox(),
  };
}

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const form = useSchemaForm(ForgotPasswordSchema, result);
  return (
    <div className="page">
      <h1>{t("auth.forgotTitle")}</h1>
      {result?.sentTo ? (
        <>
          <FormMessage tone="success" message={t("auth.forgotSent", { email: result.sentTo })} />
          {"noMailServer" in result && result.noMailServer ? (
            <p className="muted">{t("auth.noMailServer", { email: result.sentTo })}</p>
          ) : null}
        </>
      ) : (
        <>
          <p>{t("auth.forgotIntro")}</p>
          <FormMessage
            message={result?.formError ? t(result.formError, { minutes: result.retryAfterMinutes }) : null}
          />
          <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
            <EmailField form={form} />
            <p>
              <button type="submit">{t("auth.forgotSubmit")}</button>
            </p>
          </Form>
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
