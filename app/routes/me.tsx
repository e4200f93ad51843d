import { data, Form, useActionData, useLoaderData, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import {
  CountryField,
  CurrentPasswordField,
  NewPasswordField,
  OrganizationField,
  PersonNameField,
} from "~/components/account-fields";
import { FormMessage, SelectField, useSchemaForm, type ServerFormFailure } from "~/components/forms";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/i18n/config";
import { getTranslator, localeCookie } from "~/i18n/i18next.server";
import { listCountryOptions } from "~/models/countries.server";
import { changePassword, deleteAccount, getUserById, updateProfile } from "~/models/users.server";
import { scheduleMailDelivery } from "~/models/enrollment-mail.server";
import { requireUser, signInAndRedirect, signOutAndRedirect } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { readForm, requireFound } from "~/utils/http.server";
import { ChangePasswordSchema, DeleteAccountSchema, ProfileSchema } from "~/validation/auth";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/me";

type Intent = "profile" | "password" | "delete";
type MeActionData = (ServerFormFailure & { intent: Intent; ok?: false }) | { intent: Intent; ok: true };

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const sessionUser = await requireUser(request);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const user = requireFound(await getUserById(db, sessionUser.id));
  return {
    pageTitle: t("profile.title"),
    profile: {
      email: user.email,
      name: user.name,
      country: user.countryCode,
      organization: user.organization ?? "",
      locale: user.locale,
      role: user.role,
    },
    countries: await listCountryOptions(db, { locale }),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request);
  const formData = await readForm(request);
  const db = getDb();
  const intent = formData.get("intent");
  const refuse = (failure: ServerFormFailure, i: Intent) =>
    data<MeActionData>({ ...failure, intent: i }, { status: 400 });

  if (intent === "profile") {
    const parsed = parseForm(ProfileSchema, formData);
    if (!parsed.success) return refuse(parsed.failure, intent);
    const { name, country, organization, locale } = parsed.data;
    const result = await updateProfile(db, user.id, { name, countryCode: country, organization, locale });
    if ("errors" in result) return refuse(fieldFailure(formData, result.errors), intent);
    return data<MeActionData>(
      { intent, ok: true },
      { headers: { "Set-Cookie": await localeCookie.serialize(locale) } },
    );
  }
  if (intent === "password") {
    const parsed = parseForm(ChangePasswordSchema, formData);
    if (!parsed.success) return refuse(parsed.failure, intent);
    const result = await changePassword(db, user.id, parsed.data.currentPassword, parsed.data.newPassword);
    if ("errors" in result) return refuse(fieldFailure(formData, result.errors), intent);
    // Every session ended with the change; this browser gets a new one.
    return signInAndRedirect(request, user, "/me?password=changed");
  }
  if (intent === "delete") {
    const parsed = parseForm(DeleteAccountSchema, formData);
    if (!parsed.success) return refuse(parsed.failure, intent);
    const result = await deleteAccount(db, user.id, parsed.data.password);
    if ("errors" in result) return refuse(fieldFailure(formData, result.errors), intent);
    scheduleMailDelivery(db);
    return signOutAndRedirect(request, "/?account=deleted");
  }
  return data<MeActionData>(
    { intent: "profile", fieldErrors: {}, values: {}, formError: "validation.formErrors" },
    { status: 400 },
  );
}

export default function ProfilePage() {
  const { profile, countries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const failureFor = (intent: Intent) => (result && result.intent === intent && !result.ok ? result : undefined);
  const profileForm = useSchemaForm(ProfileSchema, failureFor("profile"));
  const passwordForm = useSchemaForm(ChangePasswordSchema, failureFor("password"));
  const deleteForm = useSchemaForm(DeleteAccountSchema, failureFor("delete"));
  const [searchParams] = useSearchParams();
  const passwordChanged = searchParams.has("password");

  return (
    <div className="page">
      <h1>{t("profile.title")}</h1>
      <p className="muted">
        {profile.email} · {t(`roles.${profile.role}`)}
      </p>

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{t("profile.detailsHeading")}</h2>
        <FormMessage tone="success" message={result?.intent === "profile" && result.ok ? t("profile.saved") : null} />
        <Form method="post" className="form" noValidate onSubmit={profileForm.onSubmit}>
          <input type="hidden" name="intent" value="profile" />
          <PersonNameField form={profileForm} defaultValue={profile.name} />
          <CountryField form={profileForm} options={countries} defaultValue={profile.country} />
          <OrganizationField form={profileForm} defaultValue={profile.organization} />
          <SelectField
            {...profileForm.field("locale")}
            label={t("profile.language")}
            options={SUPPORTED_LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code] }))}
            defaultValue={profileForm.valueOf("locale") ?? profile.locale}
          />
          <p>
            <button type="submit">{t("profile.save")}</button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">{t("profile.passwordHeading")}</h2>
        <FormMessage tone="success" message={passwordChanged ? t("profile.passwordChanged") : null} />
        <Form method="post" className="form" noValidate onSubmit={passwordForm.onSubmit}>
          <input type="hidden" name="intent" value="password" />
          <CurrentPasswordField form={passwordForm} name="currentPassword" label={t("profile.currentPassword")} />
          <NewPasswordField form={passwordForm} name="newPassword" label={t("auth.newPassword")} />
          <p>
            <button type="submit">{t("profile.changePassword")}</button>
          </p>
        </Form>
      </section>

      <section aria-labelledby="data-heading">
        <h2 id="data-heading">{t("profile.dataHeading")}</h2>
        <p>
          <a href="/me/data.json" download>
            {t("profile.downloadData")}
          </a>
        </p>
      </section>

      <section aria-labelledby="delete-heading" className="danger-zone">
        <h2 id="delete-heading">{t("profile.deleteHeading")}</h2>
        <p>{t("profile.deleteIntro")}</p>
        <Form method="post" className="form" noValidate onSubmit={deleteForm.onSubmit}>
          <input type="hidden" name="intent" value="delete" />
          <CurrentPasswordField form={deleteForm} label={t("profile.deleteConfirm")} />
          <p>
            <button type="submit">{t("profile.deleteSubmit")}</button>
          </p>
        </Form>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
