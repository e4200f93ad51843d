import { data, Form, redirect, useActionData, useLoaderData } from "react-router";
import { ScrollRegion } from "~/components/scroll-region";
import { useTranslation } from "react-i18next";
import { FormMessage, SelectField, TextField, useSchemaForm } from "~/components/forms";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/i18n/config";
import { getTranslator } from "~/i18n/i18next.server";
import { listInstitutionChoices } from "~/models/institutions.server";
import { inviteMember, listInvitations, revokeInvitation } from "~/models/invitations.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { InvitationSchema } from "~/validation/auth";
import { pageTitleMeta } from "~/utils/meta";
import { parseIdParam, readForm } from "~/utils/http.server";
import type { Route } from "./+types/admin.invitations";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const [invitations, institutions] = await Promise.all([
    listInvitations(db, { locale }),
    listInstitutionChoices(db, { locale }),
  ]);
  return {
    pageTitle: t("admin.invitations"),
    invitations,
    institutions: institutions.filter((i) => i.status === "active"),
    now: new Date(),
  };
}

export async function action({ request }: Route.ActionArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const db = getDb();
  const formData = await readForm(request);
  if (formData.get("intent") === "revoke") {
    // Revoking one already used or revoked changes nothing; the list shows where it stands.
    await revokeInvitation(db, { actorId: organizer.id, id: parseIdParam(String(formData.get("invitationId") ?? "")) });
    return redirect("/admin/invitations", 303);
  }
  const parsed = parseForm(InvitationSchema, formData);
  if (!parsed.success) return data({ ...parsed.failure, invited: null }, { status: 400 });
  const { email, role, institution, locale } = parsed.data;
  const result = await inviteMember(db, {
    email,
    role,
    institutionSlug: institution,
    locale,
    invitedBy: organizer.id,
  });
  if ("errors" in result) return data({ ...fieldFailure(formData, result.errors), invited: null }, { status: 400 });
  return { fieldErrors: {}, values: {}, invited: email };
}

export default function InvitationsPage() {
  const { invitations, institutions, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const { register, onSubmit, errorFor, valueOf } = useSchemaForm(InvitationSchema, result);
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium" });
  return (
    <div className="page">
      <h1>{t("admin.invitations")}</h1>
      <section aria-labelledby="invite-heading">
        <h2 id="invite-heading">{t("admin.inviteHeading")}</h2>
        <FormMessage tone="success" message={result?.invited ? t("admin.invited", { email: result.invited }) : null} />
        <Form method="post" className="form" noValidate onSubmit={onSubmit} key={result?.invited ?? "form"}>
          <TextField
            label={t("admin.inviteEmail")}
            name="email"
            type="email"
            register={register}
            error={errorFor("email")}
            defaultValue={valueOf("email")}
            required
          />
          <SelectField
            label={t("admin.inviteRole")}
            name="role"
            register={register}
            error={errorFor("role")}
            options={[
              { value: "staff", label: t("roles.staff") },
              { value: "organizer", label: t("roles.organizer") },
            ]}
            defaultValue={valueOf("role") ?? "staff"}
          />
          <SelectField
            label={t("admin.inviteInstitution")}
            name="institution"
            register={register}
            error={errorFor("institution")}
            options={institutions.map((i) => ({ value: i.slug, label: i.name }))}
            placeholder="—"
            defaultValue={valueOf("institution")}
          />
          <SelectField
            label={t("admin.inviteLanguage")}
            name="locale"
            register={register}
            error={errorFor("locale")}
            options={SUPPORTED_LOCALES.map((code) => ({ value: code, label: LOCALE_NAMES[code] }))}
            defaultValue={valueOf("locale") ?? i18n.language}
          />
          <p>
            <button type="submit">{t("admin.inviteSubmit")}</button>
          </p>
        </Form>
      </section>
      <section aria-labelledby="pending-heading">
        <h2 id="pending-heading">{t("admin.pendingHeading")}</h2>
        {invitations.length === 0 ? (
          <p>{t("admin.noInvitations")}</p>
        ) : (
          <ScrollRegion label={t("admin.pendingHeading")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("auth.email")}</th>
                  <th scope="col">{t("admin.inviteRole")}</th>
                  <th scope="col">{t("admin.inviteInstitution")}</th>
                  <th scope="col">{t("admin.status")}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <tr key={invitation.id}>
                    <td>{invitation.email}</td>
                    <td>{t(`roles.${invitation.role}`)}</td>
                    <td>{invitation.institutionName ?? "—"}</td>
                    <td suppressHydrationWarning>
                      {invitation.acceptedAt ? (
                        t("admin.accepted")
                      ) : invitation.revokedAt ? (
                        t("admin.revoked")
                      ) : invitation.expiresAt < now ? (
                        t("admin.expired")
                      ) : (
                        <>
                          {t("admin.pending", { date: dateFormat.format(invitation.expiresAt) })}{" "}
                          <Form method="post">
                            <input type="hidden" name="invitationId" value={invitation.id} />
                            <button
                              type="submit"
                              name="intent"
                              value="revoke"
                              className="button--secondary"
                              aria-label={t("admin.revokeInvitationLabel", { email: invitation.email })}
                            >
                              {t("admin.revoke")}
                            </button>
                          </Form>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
