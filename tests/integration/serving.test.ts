/**
 * The production server as an operator meets it: one JSON log line per request with its id and
 * no secrets, and SIGTERM finishing the request in flight before closing the database.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import fs from "node:fs";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb } from "~/utils/db.server";
import { startServer, type RunningServer } from "../support/race";

const databasePath = () => process.env.DATABASE_PATH ?? "";

type LogLine = { level: number; reqId?: string; url?: string; status?: number; ms?: number; msg: string };
const logLines = (server: RunningServer): LogLine[] =>
  server
    .output()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);

describe("request logs", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ databasePath: databasePath(), workers: 1, captureOutput: true });
  }, 90_000);
  afterAll(() => server?.stop());

  it("logs each request as JSON with its id, and keeps the calendar feed's token out", async () => {
    const feed = await fetch(`${server.url}/me/calendar.ics?token=feed-secret-7Hq2`);
    expect(feed.status).toBe(404);
    const page = await fetch(`${server.url}/catalog?q=solar`, { headers: { "X-Request-Id": "proxy-id-42" } });
    expect(page.headers.get("x-request-id")).toBe("proxy-id-42");
    await page.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 200));

    const lines = logLines(server);
    const catalog = lines.find((line) => line.reqId === "proxy-id-42");
    expect(catalog).toMatchObject({ msg: "request", url: "/catalog?q=solar", status: 200 });
    expect(catalog?.ms).toBeGreaterThan(0);
    const calendar = lines.find((line) => line.url?.startsWith("/me/calendar.ics"));
    expect(calendar).toMatchObject({ url: "/me/calendar.ics?token=[redacted]", status: 404 });
    expect(calendar?.reqId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.output()).not.toContain("feed-secret-7Hq2");
  });
});

describe("SIGTERM", () => {
  it("stops accepting, answers the request in flight, then closes the database", async () => {
    // This process's own handle would keep the WAL open; the server's must be the last one.
    closeDb();
    const server = await startServer({ databasePath: databasePath(), workers: 1 });
    const port = Number(new URL(server.url).port);
    const exited = new Promise<number | null>((resolve) => server.process.once("exit", (code) => resolve(code)));

    // A sign-in whose body is still arriving when the signal comes.
    const body = new URLSearchParams({ email: "nobody@example.org", password: "not-the-password" }).toString();
    const socket = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => socket.once("connect", resolve));
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
    const closed = new Promise((resolve) => socket.once("close", resolve));
    socket.write(
      `POST /login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.process.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));

    // No new connection is taken...
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    // ...but the one in flight is answered in full (the sign-in page, refusing the unknown account).
    socket.write(body.slice(10));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("</html>");

    expect(await exited).toBe(0);
    // Closing the last connection folded the write-ahead log back into the file.
    expect(fs.existsSync(`${databasePath()}-wal`)).toBe(false);
  }, 90_000);
});
