import { Link } from "react-router";
import { useTranslation } from "react-i18next";
import { getTranslator } from "~/i18n/i18next.server";
import { requireRole } from "~/utils/auth.server";
import { CONSOLE_ROLES } from "~/utils/permissions";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/admin._index";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, CONSOLE_ROLES.admin);
  const { t } = await getTranslator(request);
  return { pageTitle: t("admin.title") };
}

export default function AdminIndexPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("admin.title")}</h1>
      <ul>
        <li>
          <Link to="/admin/institutions">{t("admin.institutions")}</Link>
        </li>
        <li>
          <Link to="/admin/stats">{t("admin.stats")}</Link>
        </li>
        <li>
          <Link to="/admin/api-tokens">{t("apiTokens.link")}</Link>
        </li>
        <li>
          <Link to="/admin/domains">{t("admin.domains")}</Link>
        </li>
        <li>
          <Link to="/admin/country-groups">{t("admin.countryGroups")}</Link>
        </li>
        <li>
          <Link to="/admin/invitations">{t("admin.invitations")}</Link>
        </li>
        <li>
          <Link to="/admin/outbox">{t("admin.outbox")}</Link>
        </li>
        <li>
          <Link to="/manage">{t("nav_account.manage")}</Link>
        </li>
      </ul>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
