import { useTranslation } from "react-i18next";

/** The words for a course's status, in the viewer's language. */
export function useCourseStatusLabel() {
  const { t } = useTranslation();
  const labels = {
    draft: t("manage.statusDraft"),
    published: t("manage.statusPublished"),
    archived: t("manage.statusArchived"),
  };
  return (status: keyof typeof labels) => labels[status];
}
