import { notFound } from "~/utils/http.server";

/** Every URL no other route claims: the 404 page, inside the site's layout. */
export function loader() {
  notFound();
}

export default function NotFound() {
  return null;
}

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
