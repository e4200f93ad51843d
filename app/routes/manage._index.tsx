import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getTranslator } from "~/i18n/i18next.server";
import { getInstitutionConsole, getInstitutionIdBySlug, listInstitutionChoices } from "~/models/institutions.server";
import { forbidden, requireRole } from "~/utils/auth.server";
import { notFound } from "~/utils/http.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { pageTitleMeta } from "~/utils/meta";

export const meta = pageTitleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, CONSOLE_ROLES.manage);
  const { locale, t } = await getTranslator(request);
  const asked = new URL(request.url).searchParams.get("institution");
  // Staff see their own institution only; organizers pick any.
  let institutionId: number | undefined = user.institutionId ?? undefined;
  if (asked) {
    const askedId = getInstitutionIdBySlug(asked);
    if (askedId === undefined) notFound();
    if (user.role !== "organizer" && askedId !== user.institutionId) forbidden();
    institutionId = askedId;
  }
  const overview = institutionId ? getInstitutionConsole({ institutionId, locale }) : null;
  return {
    pageTitle: t("manage.title"),
    overview,
    choices: user.role === "organizer" && !overview ? listInstitutionChoices({ locale }) : [],
  };
}

export default function ManageIndexPage() {
  const { overview, choices } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("manage.title")}</h1>
      {overview ? (
        <>
          <p>{t("manage.intro", { institution: overview.name })}</p>
          <h2>{t("manage.programs")}</h2>
          <ul>
            {overview.programs.map((program) => (
              <li key={program.id}>
                {program.title}{" "}
                <span className="muted">
                  · {program.domainName} · {t("institution.coursesCount", { count: program.courseCount })}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <>
          <p>{t("manage.chooseInstitution")}</p>
          <ul>
            {choices.map((choice) => (
              <li key={choice.slug}>
                <Link to={`/manage?institution=${choice.slug}`}>{choice.name}</Link>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
