import { redirect } from "react-router";
import { signOutAndRedirect } from "~/utils/auth.server";
import type { Route } from "./+types/logout";

/** Signing out changes state, so it is a POST; a GET (a typed URL, a prefetch) does nothing. */
export function loader() {
  return redirect("/");
}

export async function action({ request }: Route.ActionArgs) {
  return signOutAndRedirect(request, "/");
}
