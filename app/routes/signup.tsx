import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { CheckboxField, FormMessage, SelectField, TextField, useSchemaForm } from "~/components/forms";
import { getLocale, i18nServer } from "~/i18n/i18next.server";
import { listCountryOptions } from "~/models/countries.server";
import { createTrainee } from "~/models/users.server";
import { requireAnonymous, signInAndRedirect } from "~/utils/auth.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { safeRedirectPath } from "~/utils/http.server";
import { SignupSchema } from "~/validation/auth";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.pageTitle ?? "" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const locale = await getLocale(request);
  const t = await i18nServer.getFixedT(locale);
  return { pageTitle: t("auth.signUpTitle"), countries: listCountryOptions({ locale }) };
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await request.formData();
  const parsed = parseForm(SignupSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const { email, password, name, country, organization } = parsed.data;
  const result = await createTrainee({
    email,
    password,
    name,
    countryCode: country,
    organization,
    locale: await getLocale(request),
  });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return signInAndRedirect(
    request,
    result.user.id,
    safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")),
  );
}

export default function SignupPage() {
  const { countries } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const { register, onSubmit, errorFor, valueOf } = useSchemaForm(SignupSchema, failure);
  return (
    <div className="page">
      <h1>{t("auth.signUpTitle")}</h1>
      <p>{t("auth.signUpIntro")}</p>
      <FormMessage message={failure ? t("validation.formErrors") : null} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <TextField
          label={t("auth.email")}
          name="email"
          type="email"
          autoComplete="email"
          register={register}
          error={errorFor("email")}
          defaultValue={valueOf("email")}
          required
        />
        <TextField
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="new-password"
          register={register}
          error={errorFor("password")}
          hint={t("auth.passwordHint")}
          required
        />
        <TextField
          label={t("auth.name")}
          name="name"
          autoComplete="name"
          register={register}
          error={errorFor("name")}
          defaultValue={valueOf("name")}
          required
        />
        <SelectField
          label={t("auth.country")}
          name="country"
          register={register}
          error={errorFor("country")}
          options={countries}
          placeholder={t("auth.chooseCountry")}
          defaultValue={valueOf("country")}
          required
        />
        <TextField
          label={t("auth.organization")}
          name="organization"
          autoComplete="organization"
          register={register}
          error={errorFor("organization")}
          defaultValue={valueOf("organization")}
        />
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
