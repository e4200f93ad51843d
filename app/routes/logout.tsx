import { redirect, type ActionFunctionArgs } from "react-router";
import { signOutAndRedirect } from "~/utils/auth.server";

/** Signing out changes state, so it is a POST; a GET (a typed URL, a prefetch) does nothing. */
export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return signOutAndRedirect(request, "/");
}
