import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** One error page for every route: 404 and 403 by name, anything else as a 500 without details. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error) && typeof document !== "undefined") console.error(error);

  const [title, text] =
    status === 404
      ? [t("error.notFoundTitle"), t("error.notFoundText")]
      : status === 403
        ? [t("error.forbiddenTitle"), t("error.forbiddenText")]
        : status === 400
          ? [t("error.badRequestTitle"), ""]
          : [t("error.serverTitle"), t("error.serverText")];

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
