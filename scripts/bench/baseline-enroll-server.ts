/**
 * The baseline for the enrollment benchmark: a bare node:http server running the same enroll
 * transaction (app/models/enrollment.server.ts) and nothing else: no framework, no cookie, no
 * mail. The trainee is named in headers. Started by scripts/bench/enroll.ts.
 */
import http from "node:http";
import { enroll } from "../../app/models/enrollment.server";

const server = http.createServer((req, res) => {
  const sessionId = Number(/^\/enroll\/(\d+)$/.exec(req.url ?? "")?.[1]);
  const userId = Number(req.headers["x-user-id"]);
  const countryCode = String(req.headers["x-country"] ?? "BR");
  req.resume();
  req.on("end", () => {
    if (!sessionId || !userId) return res.writeHead(400).end();
    const result = enroll({ user: { id: userId, countryCode }, sessionId });
    if (!result.ok) return res.writeHead(409).end(result.reason);
    res.writeHead(303, { Location: `/sessions/${sessionId}` }).end();
  });
});

server.listen(Number(process.env.PORT), "127.0.0.1", () => process.send?.("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
