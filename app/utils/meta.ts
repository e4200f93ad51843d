import { isRouteErrorResponse, type MetaDescriptor } from "react-router";

import { errorKind, type ErrorKind } from "./error-kind";

type ErrorTitles = Record<ErrorKind, string>;

/** What the title needs of a route's meta arguments: any route's `Route.MetaArgs` has it. */
type TitleMetaArgs = {
  loaderData?: unknown;
  error?: unknown;
  matches: readonly ({ id: string; loaderData?: unknown } | undefined)[];
};

/**
 * The page title: the loader's `pageTitle`, already translated on the server; on an error page,
 * the error's title in the viewer's language (from the root loader), so no page is untitled.
 */
export const pageTitleMeta = ({ loaderData: data, error, matches }: TitleMetaArgs): MetaDescriptor[] => {
  if (error) {
    const root = matches.find((match) => match?.id === "root")?.loaderData as { errorTitles?: ErrorTitles } | undefined;
    const titles = root?.errorTitles;
    const title = titles?.[errorKind(isRouteErrorResponse(error) ? error.status : 500)];
    return [{ title: title ?? "Error" }];
  }
  const title = data && typeof data === "object" && "pageTitle" in data ? String(data.pageTitle) : "";
  return [{ title }];
};
