import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { Trans, useTranslation } from "react-i18next";
import {
  CountryField,
  EmailField,
  NewPasswordField,
  OrganizationField,
  PersonNameField,
} from "~/components/account-fields";
import { CheckboxField, FormMessage, useSchemaForm } from "~/components/forms";
import { getLocale, getTranslator } from "~/i18n/i18next.server";
import { listCountryOptions } from "~/models/countries.server";
import { requestSignup } from "~/models/signup.server";
import { requireAnonymous } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { usesOutbox } from "~/utils/mail.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { readForm, safeRedirectPath, tooManyRequests } from "~/utils/http.server";
import { SignupSchema } from "~/validation/auth";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/signup";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request);
  const { locale, t } = await getTranslator(request);
  return { pageTitle: t("auth.signUpTitle"), countries: await listCountryOptions(getDb(), { locale }) };
}

export async function action({ request, context }: Route.ActionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  const parsed = parseForm(SignupSchema, formData);
  if (!parsed.success) return data({ ...parsed.failure, mailedTo: null, retryAfterMinutes: 0 }, { status: 400 });
  const { email, password, name, country, organization } = parsed.data;
  const answer = await requestSignup(
    getDb(),
    {
      email,
      password,
      name,
      countryCode: country,
      organization,
      locale: await getLocale(request),
      redirectTo: safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")),
    },
    context.clientIp,
  );
  if ("throttled" in answer) {
    const failure = fieldFailure(formData, {}, "auth.tooManySignups");
    const retryAfterMinutes = Math.ceil(answer.retryAfterSeconds / 60);
    return tooManyRequests({ ...failure, mailedTo: null, retryAfterMinutes }, answer.retryAfterSeconds);
  }
  if ("errors" in answer)
    return data({ ...fieldFailure(formData, answer.errors), mailedTo: null, retryAfterMinutes: 0 }, { status: 400 });
  // The same answer whether or not the address already has an account: its owner is told by mail.
  return {
    fieldErrors: {},
    values: {},
    formError: undefined,
    mailedTo: email,
    retryAfterMinutes: 0,
    noMailServer: usesOutbox(),
  };
}

export default function SignupPage() {
  const { countries } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const form = useSchemaForm(SignupSchema, failure);
  const { register, onSubmit, errorFor } = form;
  if (failure?.mailedTo)
    return (
      <div className="page">
        <h1>{t("auth.signUpTitle")}</h1>
        <FormMessage tone="success" message={t("auth.signUpMailed", { email: failure.mailedTo })} />
        <p>{t("auth.signUpMailedHint")}</p>
        {"noMailServer" in failure && failure.noMailServer ? (
          <p className="muted">{t("auth.noMailServer", { email: failure.mailedTo })}</p>
        ) : null}
      </div>
    );
  return (
    <div className="page">
      <h1>{t("auth.signUpTitle")}</h1>
      <p>{t("auth.signUpIntro")}</p>
      <FormMessage
        message={
          failure?.formError
            ? t(failure.formError, { minutes: failure.retryAfterMinutes })
            : failure
              ? t("validation.formErrors")
              : null
        }
      />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <EmailField form={form} />
        <NewPasswordField form={form} />
        <PersonNameField form={form} />
        <CountryField form={form} options={countries} />
        <OrganizationField form={form} />
        <CheckboxField
          name="consent"
          register={register}
          error={errorFor("consent")}
          label={<Trans i18nKey="auth.consent" components={{ privacy: <Link to="/privacy" target="_blank" /> }} />}
        />
        <p>
          <button type="submit">{t("auth.signUpSubmit")}</button>
        </p>
      </Form>
      <p>
        <Trans i18nKey="auth.haveAccount" components={{ signIn: <Link to="/login" /> }} />
      </p>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
