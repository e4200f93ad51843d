import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { Trans, useTranslation } from "react-i18next";
import { NewPasswordField } from "~/components/account-fields";
import { CheckboxField, FormMessage, useSchemaForm } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { findValidResetToken, resetPassword } from "~/models/password-reset.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { ResetPasswordSchema } from "~/validation/auth";
import { pageTitleMeta } from "~/utils/meta";
import { readForm } from "~/utils/http.server";
import type { Route } from "./+types/reset-password.$token";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { t } = await getTranslator(request);
  const found = await findValidResetToken(getDb(), params.token ?? "");
  return data(
    { pageTitle: t("auth.resetTitle"), valid: Boolean(found), needsConsent: found?.needsConsent ?? false },
    { status: found ? 200 : 410 },
  );
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(ResetPasswordSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const result = await resetPassword(getDb(), {
    token: params.token ?? "",
    password: parsed.data.password,
    consent: parsed.data.consent === "on",
    ip: context.clientIp,
  });
  if ("invalid" in result) return data(fieldFailure(formData, {}, "auth.resetInvalid"), { status: 410 });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect("/login?reset=1");
}

export default function ResetPasswordPage() {
  const { valid, needsConsent } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const form = useSchemaForm(ResetPasswordSchema, failure);
  if (!valid || failure?.formError) {
    return (
      <div className="page">
        <h1>{t("auth.resetTitle")}</h1>
        <FormMessage message={t("auth.resetInvalid")} />
        <p>
          <Link to="/forgot-password">{t("auth.resetAgain")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("auth.resetTitle")}</h1>
      <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
        <NewPasswordField form={form} label={t("auth.newPassword")} />
        {needsConsent ? (
          <CheckboxField
            name="consent"
            register={form.register}
            error={form.errorFor("consent")}
            label={<Trans i18nKey="auth.consent" components={{ privacy: <Link to="/privacy" target="_blank" /> }} />}
          />
        ) : null}
        <p>
          <button type="submit">{t("auth.resetSubmit")}</button>
        </p>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
