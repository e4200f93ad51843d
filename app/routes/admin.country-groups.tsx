import { data, Form, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { useTranslation } from "react-i18next";
import { FormMessage, SelectField, TextField, useSchemaForm } from "~/components/forms";
import { getTranslator } from "~/i18n/i18next.server";
import { listCountryOptions } from "~/models/countries.server";
import { listCountryGroups, saveMembership } from "~/models/organizer.server";
import { requireRole } from "~/utils/auth.server";
import { getDb } from "~/utils/db.server";
import { formatCalendarDate } from "~/utils/format";
import { fieldFailure, parseForm } from "~/utils/forms.server";
import { pageTitleMeta } from "~/utils/meta";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { MembershipSchema } from "~/validation/manage";
import { readForm } from "~/utils/http.server";
import type { Route } from "./+types/admin.country-groups";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { locale, t } = await getTranslator(request);
  const db = getDb();
  const [groups, countries] = await Promise.all([
    listCountryGroups(db, { locale }),
    listCountryOptions(db, { locale }),
  ]);
  return { pageTitle: t("admin.countryGroups"), groups, countries };
}

export async function action({ request }: Route.ActionArgs) {
  const organizer = await requireRole(request, CONSOLE_ROLES.admin);
  const formData = await readForm(request);
  const parsed = parseForm(MembershipSchema, formData);
  if (!parsed.success) return data(parsed.failure, { status: 400 });
  const result = await saveMembership(getDb(), { actorId: organizer.id, input: parsed.data });
  if ("errors" in result) return data(fieldFailure(formData, result.errors), { status: 400 });
  return redirect("/admin/country-groups?saved=1");
}

export default function AdminCountryGroupsPage() {
  const { groups, countries } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const form = useSchemaForm(MembershipSchema, failure);
  return (
    <div className="page">
      <h1>{t("admin.countryGroups")}</h1>
      <FormMessage tone="success" message={searchParams.has("saved") && !failure ? t("admin.saved") : null} />
      {groups.map((group) => (
        <section key={group.slug} aria-label={group.name}>
          <h2>{group.name}</h2>
          <ul className="console-list">
            {group.members.map((m) => (
              <li key={`${m.countryCode}-${m.since}`}>
                {m.country}{" "}
                <span className="muted">
                  · {formatCalendarDate(m.since, i18n.language)} –{" "}
                  {m.until ? formatCalendarDate(m.until, i18n.language) : t("admin.stillMember")}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <section aria-labelledby="membership-heading">
        <h2 id="membership-heading">{t("admin.addMembership")}</h2>
        <Form method="post" className="form" noValidate onSubmit={form.onSubmit}>
          <SelectField
            {...form.field("group")}
            label={t("admin.group")}
            options={groups.map((g) => ({ value: g.slug, label: g.name }))}
            required
          />
          <SelectField
            {...form.field("country")}
            label={t("admin.country")}
            options={countries}
            placeholder={t("auth.chooseCountry")}
            required
          />
          <TextField {...form.field("since")} type="date" label={t("admin.since")} required />
          <TextField {...form.field("until")} type="date" label={t("admin.until")} />
          <p>
            <button type="submit">{t("admin.save")}</button>
          </p>
        </Form>
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
