import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import {
  ServerRouter,
  type ActionFunctionArgs,
  type AppLoadContext,
  type EntryContext,
  type LoaderFunctionArgs,
} from "react-router";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "./components/nonce";
import { getLocale, i18nFor } from "./i18n/i18next.server";
import { startMailDelivery } from "./models/enrollment-mail.server";
import { startStatsMaintenance } from "./models/stats-snapshot.server";
import { closeDb, getDb } from "./utils/db.server";
import { settleMailInFlight } from "./utils/mail.server";
import { log, redactUrl } from "./utils/log.server";

const ABORT_DELAY_MS = 5_000;
export const streamTimeout = ABORT_DELAY_MS;

// Every server process delivers queued enrollment mail: what a crash left pending, and what
// requests queue (they also ask for delivery right after they answer).
const stopMailDelivery = startMailDelivery(getDb());
const stopStatsMaintenance = startStatsMaintenance(getDb());

/**
 * Called by server.ts once the HTTP server has closed (SIGTERM): no request is in flight, so
 * finish the mail being delivered, stop the timers and close the database.
 */
export async function stopServing(): Promise<void> {
  await stopStatsMaintenance();
  await stopMailDelivery();
  await settleMailInFlight();
  await closeDb();
}

/** Errors thrown by loaders and actions (not thrown Responses): logged with the request's id, never shown. */
export function handleError(error: unknown, { request, context }: LoaderFunctionArgs | ActionFunctionArgs): void {
  if (request.signal.aborted) return;
  log.error(
    { err: error, reqId: context.requestId, method: request.method, url: redactUrl(new URL(request.url).pathname) },
    "unhandled error",
  );
}

/**
 * Pages and their data are never stored by a browser or a proxy: most show someone's personal
 * data (a roster, the outbox, one's own places), and a shared computer's back button or cache
 * must not show them to the next person. A route that is public and cacheable (the API) says so.
 */
function withoutCaching(headers: Headers): void {
  if (!headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
}

/** Data requests (client-side navigation, form answers) follow the same rule as documents. */
export function handleDataRequest(response: Response): Response {
  withoutCaching(response.headers);
  return response;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const i18n = i18nFor(await getLocale(request));

  // Bots get the whole document at once; browsers get the shell as soon as it is ready.
  const readyEvent = isbot(request.headers.get("user-agent")) ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Cut off a render still streaming after streamTimeout (its pending boundaries fail then).
    let abortTimer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), ABORT_DELAY_MS + 1_000);
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              // A finished page lets go of its timer at once, and with it the render's memory.
              clearTimeout(abortTimer);
              abortTimer = undefined;
              callback();
            },
          });
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          withoutCaching(responseHeaders);
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors after the shell are logged here; before it, the route's error boundary handles them.
          if (shellRendered) log.error({ err: error, reqId: loadContext.requestId }, "error while streaming a page");
        },
      },
    );
  });
}
