import {
  data,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
  type LinksFunction,
  type LoaderFunctionArgs,
} from "react-router";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { useNonce } from "./components/nonce";
import { useRememberViewerTimeZone } from "./components/viewer-time-zone";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import type { ErrorKind } from "./utils/error-kind";
import { getLocale, translatorFor } from "./i18n/i18next.server";
import { pageTitleMeta } from "./utils/meta";
import { getSessionState, getUser } from "./utils/auth.server";
import { getViewerTimeZone } from "./utils/viewer-time-zone.server";
import stylesheet from "./styles/app.css?url";

export const meta = pageTitleMeta;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, { renewCookie }] = await Promise.all([
    getLocale(request),
    getUser(request),
    getSessionState(request),
  ]);
  const t = translatorFor(locale);
  const body = {
    locale,
    // Error pages have no loader data of their own: their titles come from here.
    errorTitles: {
      notFound: t("error.notFoundTitle"),
      forbidden: t("error.forbiddenTitle"),
      badRequest: t("error.badRequestTitle"),
      tooLarge: t("error.tooLargeTitle"),
      server: t("error.serverTitle"),
    } satisfies Record<ErrorKind, string>,
    user: user ? { name: user.name, role: user.role } : null,
    viewerTimeZone: getViewerTimeZone(request),
  };
  // A session renewed by this request gets its longer-lived cookie here.
  return renewCookie ? data(body, { headers: { "Set-Cookie": renewCookie } }) : body;
}

export const handle = { i18n: "translation" };

/** The document shell, shared by every page and by the error pages. */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const { i18n } = useTranslation();
  const locale = data?.locale ?? i18n.language;
  const location = useLocation();
  const nonce = useNonce();
  return (
    <html lang={locale} dir={i18n.dir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <SiteHeader locale={locale} user={data?.user ?? null} currentPath={location.pathname + location.search} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  useChangeLanguage(data?.locale ?? "en");
  useRememberViewerTimeZone(data?.viewerTimeZone ?? null);
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
