import { Link, useLoaderData } from "react-router";
import { useTranslation } from "react-i18next";
import { pageTitleMeta } from "~/utils/meta";
import { courseInstance, JsonLd } from "~/components/json-ld";
import { SessionList } from "~/components/session-list";
import { getLocale } from "~/i18n/i18next.server";
import { getPublishedCourse } from "~/models/catalog.server";
import { getDb } from "~/utils/db.server";
import { languageName } from "~/utils/format";
import { parseIdParam, requireFound } from "~/utils/http.server";
import type { Route } from "./+types/courses.$courseId";

export const meta = pageTitleMeta;

export async function loader({ request, params }: Route.LoaderArgs) {
  const courseId = parseIdParam(params.courseId);
  const locale = await getLocale(request);
  const db = getDb();
  const course = requireFound(await getPublishedCourse(db, { courseId, locale }));
  return { pageTitle: course.title, course };
}

export default function CoursePage() {
  const { course } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <p className="muted">
        <Link to={`/institutions/${course.institutionSlug}`}>{course.institutionName}</Link> · {course.programTitle}
      </p>
      <JsonLd
        data={{
          "@context": "https://schema.org",
          "@type": "Course",
          name: course.title,
          description: course.summary,
          courseCode: course.code,
          inLanguage: course.languages,
          provider: { "@type": "CollegeOrUniversity", name: course.institutionName },
          hasCourseInstance: course.sessions.map((s) =>
            courseInstance({ ...s, institutionName: course.institutionName }),
          ),
        }}
      />
      <h1>{course.title}</h1>
      <p>{course.summary}</p>
      <dl className="facts">
        <dt>{t("course.domain")}</dt>
        <dd>{course.domainName}</dd>
        <dt>{t("course.hoursLabel")}</dt>
        <dd>{t("course.hours", { count: course.hours })}</dd>
        <dt>{t("course.levelLabel")}</dt>
        <dd>{t(`course.level.${course.level}`)}</dd>
        <dt>{t("session.languages")}</dt>
        <dd>{course.languages.map((code) => languageName(code, i18n.language)).join(", ")}</dd>
      </dl>
      <section aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{t("course.sessionsHeading")}</h2>
        {course.sessions.length > 0 ? <SessionList sessions={course.sessions} /> : <p>{t("course.noSessions")}</p>}
      </section>
    </div>
  );
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
