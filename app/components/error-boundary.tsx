import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { useTranslation } from "react-i18next";
import { errorKind } from "~/utils/error-kind";

/** One error page for every route: 404, 403, 400 and 413 by name, anything else as a 500 without details. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);

  const kind = errorKind(status);
  const [title, text] = {
    notFound: [t("error.notFoundTitle"), t("error.notFoundText")],
    forbidden: [t("error.forbiddenTitle"), t("error.forbiddenText")],
    badRequest: [t("error.badRequestTitle"), ""],
    tooLarge: [t("error.tooLargeTitle"), t("error.tooLargeText")],
    server: [t("error.serverTitle"), t("error.serverText")],
  }[kind];

  return (
    <div className="page error-page">
      <h1>{title}</h1>
      {text ? <p>{text}</p> : null}
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </div>
  );
}
