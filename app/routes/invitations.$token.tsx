import { data, Form, useActionData, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { CountryField, NewPasswordField, PersonNameField } from "~/components/account-fields";
import { FormMessage, useSchemaForm } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { listCountryOptions } from "~/models/countries.server";
import { acceptInvitation, getOpenInvitation } from "~/models/invitations.server";
import { homeFor, signInAndRedirect } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { AcceptInvitationSchema } from "~/validation/auth";
import { pageTitleMeta } from "~/utils/meta";
import { readForm } from "~/utils/http.server";
import type { Route } from "./+types/invitations.$token";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const invitation = await getOpenInvitation(db, params.token ?? "");
  return data(
    {
      pageTitle: t("auth.invitationTitle"),
      invitation,
      countries: invitation ? await listCountryOptions(db, { locale }) : [],
    },
    { status: invitation ? 200 : 410 },
  );
}

export async function action({ request, params }: Route.ActionArgs) {
  const formData = await readForm(request);
  const parsed = parseForm(AcceptInvitationSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const { name, password, country } = parsed.data;
  const db = getDb();
  const result = await acceptInvitation(db, { token: params.token ?? "", name, password, countryCode: country });
  if ("invalid" in result) return data(fieldFailure(formData, {}, "auth.invitationInvalid"), { status: 410 });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return signInAndRedirect(request, { id: result.userId, locale: result.locale }, homeFor({ role: result.role }));
}

export default function AcceptInvitationPage() {
  const { invitation, countries } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation();
  const form = useSchemaForm(AcceptInvitationSchema, failure);
  if (!invitation || failure?.formError) {
    return (
      <div className="page">
        <h1>{t("auth.invitationTitle")}</h1>
        <FormMessage message={t("auth.invitationInvalid")} />
      </div>
    );
  }
  return (
    <div className="page">
      <h1>{t("auth.invitationTitle")}</h1>
      <p>{t("auth.invitationIntro", { role: t(`roles.${invitation.role}`) })}</p>
      <p className="muted">{invitation.email}</p>
      <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
        <PersonNameField form={form} />
        <CountryField form={form} options={countries} />
        <NewPasswordField form={form} />
        <p>
          <button type="submit">{t("auth.invitationSubmit")}</button>
        </p>
      </Form>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
