import type { MetaFunction } from "@remix-run/node";

/** The page title from the loader's `pageTitle`, already translated on the server. */
export const pageTitleMeta: MetaFunction = ({ data }) => {
  const title = data && typeof data === "object" && "pageTitle" in data ? String(data.pageTitle) : "";
  return [{ title }];
};
