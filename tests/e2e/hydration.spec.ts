import { EMAIL, PAGE_TYPES } from "../support/route-table";
import { expect, test } from "./fixtures";

/** The URL React Router fetches a page's data from (v8_trailingSlashAwareDataRequests). */
function dataUrlOf(url: URL): string {
  const data = new URL(url);
  data.pathname = url.pathname.endsWith("/") ? `${url.pathname}_.data` : `${url.pathname}.data`;
  return data.href;
}

// Server and browser format dates with different ICU builds; a mismatch would make React
// throw away the server's HTML. Every page type (from the route table) must hydrate without an
// error, as a person who reaches it.
for (const locale of ["en-US", "zh-CN"]) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    for (const pageType of PAGE_TYPES) {
      test(`${pageType.route} as ${pageType.who}${pageType.variant} hydrates without errors`, async ({
        page,
        signIn,
        baseURL,
      }) => {
        if (pageType.who !== "anonymous") await signIn(EMAIL[pageType.who]);
        const path = await pageType.url();
        const documentUrl = new URL(path, baseURL);
        // On a first visit the page tells the server the browser's time zone and reloads its data
        // (viewer-time-zone.tsx): an error page's data request answers the page's status again.
        const ownUrls = new Set([documentUrl.href, dataUrlOf(documentUrl)]);
        const errors: string[] = [];
        page.on("pageerror", (error) => errors.push(error.message));
        page.on("console", (message) => {
          // The browser reports an error page's own status (403, 404, 410) as a console error
          // about the document itself; any other error counts.
          const aboutTheDocument = pageType.status >= 400 && ownUrls.has(message.location().url);
          if (message.type() === "error" && !aboutTheDocument) errors.push(message.text());
        });
        const response = await page.goto(path);
        expect(response?.status()).toBe(pageType.status);
        await page.waitForLoadState("networkidle");
        expect(errors).toEqual([]);
      });
    }
  });
}
