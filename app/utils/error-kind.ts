/** The kinds of error page, by HTTP status: each has a title (and most a text) in every language. */
export type ErrorKind = "notFound" | "forbidden" | "badRequest" | "tooLarge" | "server";

export function errorKind(status: number): ErrorKind {
  if (status === 404) return "notFound";
  if (status === 403) return "forbidden";
  if (status === 413) return "tooLarge";
  if (status >= 400 && status < 500) return "badRequest";
  return "server";
}
