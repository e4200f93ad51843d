import { useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { getTranslator } from "~/i18n/i18next.server";
import { PRIVACY_NOTICE_VERSION } from "~/models/users.server";
import { pageTitleMeta } from "~/utils/meta";
import type { Route } from "./+types/privacy";

export const meta = pageTitleMeta;

export async function loader({ request }: Route.LoaderArgs) {
  const { t } = await getTranslator(request);
  return { pageTitle: t("privacy.title"), version: PRIVACY_NOTICE_VERSION };
}

export default function PrivacyPage() {
  const { version } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("privacy.title")}</h1>
      <p className="muted">{t("privacy.version", { version })}</p>
      <p>{t("privacy.body")}</p>
    </div>
  );
}
