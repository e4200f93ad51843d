/**
 * The benchmark's baselines: a bare node:http server doing the same work as the app for each
 * measured request, with nothing else (no framework, no cookie, no page render, no i18n set-up):
 *   POST /enroll/:id      the same enroll transaction (trainee named in headers)
 *   GET  /catalog         the catalog page's queries (first page, English), as JSON
 *   GET  /stats           the dashboard's figures (computeStats), as JSON
 *   GET  /export.csv      every registration as CSV, through the same rows and writer
 *   GET  /export.xlsx     every registration as a workbook sheet, through the same rows and writer
 * Started by scripts/bench/*.ts; says "ready" over IPC once listening.
 */
import http from "node:http";
import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { translatorFor } from "../../app/i18n/i18next.server";
import { listDomains, listInstitutions, searchSessions } from "../../app/models/catalog.server";
import { enroll } from "../../app/models/enrollment.server";
import { computeStats } from "../../app/models/stats.server";
import { getDb } from "../../app/utils/db.server";
import { csvResponse, xlsxResponse } from "../../app/utils/downloads.server";
import { registrationSheet } from "../../app/utils/stats-export.server";

const t = translatorFor("en");

async function send(res: http.ServerResponse, response: Response) {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) Readable.fromWeb(response.body as WebReadableStream<Uint8Array>).pipe(res);
  else res.end();
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://localhost");
  req.resume();
  // Answered once the body is read; an error thrown while answering ends the process, as before.
  req.on("end", () => void answer(url, req, res));
});

async function answer(url: URL, req: http.IncomingMessage, res: http.ServerResponse) {
  const db = getDb();
  const enrollment = /^\/enroll\/(\d+)$/.exec(url.pathname);
  if (req.method === "POST" && enrollment) {
    const userId = Number(req.headers["x-user-id"]);
    const result = await enroll(db, {
      user: { id: userId, countryCode: String(req.headers["x-country"] ?? "BR") },
      sessionId: Number(enrollment[1]),
    });
    if (!result.ok) return res.writeHead(409).end(result.reason);
    return res.writeHead(303, { Location: `/sessions/${enrollment[1]}` }).end();
  }
  if (url.pathname === "/catalog") {
    const body = JSON.stringify({
      ...(await searchSessions(db, { locale: "en", filters: {}, limit: 20, offset: 0 })),
      domains: await listDomains(db, { locale: "en" }),
      institutions: await listInstitutions(db, { locale: "en" }),
    });
    return res.writeHead(200, { "Content-Type": "application/json" }).end(body);
  }
  if (url.pathname === "/stats")
    return res
      .writeHead(200, { "Content-Type": "application/json" })
      .end(JSON.stringify(await computeStats(db, {}, "en")));
  if (url.pathname === "/export.csv" || url.pathname === "/export.xlsx") {
    const { columns, rows } = registrationSheet(db, {}, "en", t, new Map());
    const response =
      url.pathname === "/export.csv"
        ? csvResponse(
            "registrations.csv",
            columns.map((c) => c.header),
            rows,
          )
        : xlsxResponse("registrations.xlsx", ({ sheet }) => sheet("Registrations", columns, rows));
    return send(res, response);
  }
  res.writeHead(404).end();
}

server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
