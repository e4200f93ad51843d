/**
 * The production server as an operator meets it: one JSON log line per request with its id and
 * no secrets, and SIGTERM finishing the request in flight before closing the database.
 * Needs `npm run build` first (npm test builds before it runs the tests).
 */
import fs from "node:fs";
import pg from "pg";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "~/utils/db.server";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema";
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

describe("size limits", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ databasePath: databasePath(), workers: 1 });
  }, 90_000);
  afterAll(() => server?.stop());

  const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      body,
      headers: { Origin: server.url, "Accept-Language": "ru", ...headers },
      redirect: "manual",
      duplex: "half",
    } as RequestInit);

  it("refuses a form over 1 MB with a page in the reader's language, and creates no account", async () => {
    const form = new URLSearchParams({ email: "big@example.org", name: "x".repeat(1_100_000) });
    const response = await post("/signup", form.toString(), { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(413);
    const page = await response.text();
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain("Отправлено слишком много данных");
    expect(await getDb().select({ id: users.id }).from(users).where(eq(users.email, "big@example.org"))).toEqual([]);
  });

  it("refuses a form over 1 MB sent without a declared size (chunked) with the app's own 413 page", async () => {
    const chunk = new TextEncoder().encode(`name=${"y".repeat(64 * 1024)}`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await post("/signup", stream, { "Content-Type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("Отправлено слишком много данных");
  });

  it("answers a post that is not a form with a 400 page, not an error", async () => {
    const response = await post("/login", JSON.stringify({ email: "a@b.c" }), { "Content-Type": "application/json" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Запрос не удалось понять");
  });
});

// What PostgreSQL cannot take in a query (a NUL in a text, an id past its integer) is refused or
// not found before it gets there: on both engines alike, never a 500.
describe("addresses no page has", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ databasePath: databasePath(), workers: 1 });
  }, 90_000);
  afterAll(() => server?.stop());
  const get = (path: string) => fetch(`${server.url}${path}`, { headers: { "Accept-Language": "pt-BR" } });

  it("refuses a NUL byte in the path or the query with a 400 page in the reader's language", async () => {
    for (const path of ["/institutions/%00", "/catalog?q=%00", "/api/v1/sessions?q=a%00b"]) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      expect(await response.text(), path).toContain("um byte NUL");
    }
  });

  it("finds nothing at an id past what a record can have", async () => {
    expect((await get("/api/v1/sessions/9007199254740993")).status).toBe(404);
    expect((await get("/api/v1/sessions/2147483648")).status).toBe(404);
    expect((await get("/sessions/2147483648")).status).toBe(404);
  });
});

describe("connections under a burst and at rest", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ databasePath: databasePath(), workers: 2 });
  }, 90_000);
  afterAll(() => server?.stop());

  /** One request on a socket of its own; resolves with the status or the socket error's code. */
  const getOnce = (port: number, agent: http.Agent | false = false) =>
    new Promise<string>((resolve) => {
      const request = http.get({ host: "127.0.0.1", port, path: "/healthz", agent }, (response) => {
        response.resume();
        response.on("end", () => resolve(String(response.statusCode)));
      });
      request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });

  it("answers 400 connections opened at once by two processes, none reset", async () => {
    const port = Number(new URL(server.url).port);
    const answers = await Promise.all(Array.from({ length: 400 }, () => getOnce(port)));
    expect(answers.filter((answer) => answer !== "200")).toEqual([]);
  });

  it("keeps an idle connection open longer than Node's 5 s default, and says so", async () => {
    const port = Number(new URL(server.url).port);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const first = await new Promise<http.IncomingMessage>((resolve) =>
      http.get({ host: "127.0.0.1", port, path: "/healthz", agent }, (response) => {
        response.resume();
        response.on("end", () => resolve(response));
      }),
    );
    expect(first.headers["keep-alive"]).toBe("timeout=65");
    const socketsBefore = Object.values(agent.freeSockets).flat().length;
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    // The same socket, idle for 6 s, still carries the next request.
    expect(Object.values(agent.freeSockets).flat().length).toBe(socketsBefore);
    expect(await getOnce(port, agent)).toBe("200");
    agent.destroy();
  }, 30_000);
});

describe("SIGTERM", () => {
  it("stops accepting, answers the request in flight, then closes the database", async () => {
    // This process's own handle would keep the WAL open; the server's must be the last one.
    await closeDb();
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
    if (process.env.DATABASE_URL) {
      // The pool was ended: no connection of the server's is left on the database.
      expect(await otherConnections(process.env.DATABASE_URL)).toBe(0);
    } else {
      // Closing the last connection folded the write-ahead log back into the file.
      expect(fs.existsSync(`${databasePath()}-wal`)).toBe(false);
    }
  }, 90_000);
});

/** Connections to the database other than the one asking. */
async function otherConnections(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>(
      "select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()",
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}
