/**
 * The enrollment race: many trainees post "enroll" for the last seats of a session at the same
 * moment, over real HTTP, and the rows are checked afterwards. Used by the concurrency test and
 * by `npm run bench:enroll`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { and, count, countDistinct, eq, isNull } from "drizzle-orm";
import type { Handle } from "../../db/client";
import { enrollmentNotices, mailOutbox, registrations, users } from "../../db/schema";
import { getDb } from "../../app/utils/db.server";
import { createSession, sessionCookie } from "../../app/utils/session.server";
import { placesByStatus, queuePositions, seatPool } from "../../app/models/seat-ledger.server";
import { findSeatViolations } from "./enrollment";
import { SERVER_ARGS } from "./server-command";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export type RunningServer = {
  url: string;
  stop: () => Promise<void>;
  process: ChildProcess;
  /** What the server wrote to stdout (its JSON log lines), when started with `captureOutput`. */
  output: () => string;
  /** What it wrote to stderr: where it says why it stopped. */
  errors: () => string;
};

/** Starts the production server (server.ts, the built app) on a database file, with N workers. */
export async function startServer({
  databasePath,
  workers,
  env = {},
  captureOutput = false,
}: {
  databasePath: string;
  workers: number;
  env?: Record<string, string>;
  captureOutput?: boolean;
}): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, SERVER_ARGS, {
    env: {
      ...process.env,
      APP_URL: `http://127.0.0.1:${port}`,
      ...env,
      DATABASE_PATH: databasePath,
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      WEB_CONCURRENCY: String(workers),
    },
    stdio: ["ignore", captureOutput ? "pipe" : "ignore", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  // With several workers, every one of them must be up before the race starts.
  let healthy = 0;
  while (healthy < workers * 3) {
    if (child.exitCode !== null) throw new Error(`The server stopped at start:\n${stderr}`);
    if (Date.now() > deadline) throw new Error(`The server did not answer within a minute:\n${stderr}`);
    try {
      const response = await fetch(`${url}/healthz`);
      healthy = response.ok ? healthy + 1 : 0;
    } catch {
      healthy = 0;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    process: child,
    output: () => stdout,
    errors: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A signed-in cookie header for each user id, made directly in the database. */
export async function cookiesFor(userIds: number[]): Promise<string[]> {
  return Promise.all(
    userIds.map(
      async (id) => (await sessionCookie.serialize((await createSession(getDb(), id)).token)).split(";")[0] ?? "",
    ),
  );
}

/** Every racer posts "enroll" at once; resolves with each response's status. */
export async function race({
  url,
  sessionId,
  cookies,
}: {
  url: string;
  sessionId: number;
  cookies: string[];
}): Promise<number[]> {
  const post = async (cookie: string) => {
    const response = await fetch(`${url}/sessions/${sessionId}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "enroll" }),
      headers: { Cookie: cookie, Origin: url },
      redirect: "manual",
    });
    await response.arrayBuffer();
    return response.status;
  };
  return Promise.all(cookies.map(post));
}

/**
 * Waits until the server has mailed every queued notice (it does so right after answering).
 * `db` is any handle on the server's database (the test's own, or one opened on its file).
 */
export async function waitForMail(db: Handle, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = async () => {
    const [row] = await db.select({ n: count() }).from(enrollmentNotices).where(isNull(enrollmentNotices.sentAt));
    return row?.n ?? 0;
  };
  while ((await pending()) > 0) {
    if (Date.now() > deadline) throw new Error(`${String(await pending())} notices still unsent after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type RoundReport = {
  confirmed: number;
  waitlisted: number;
  capacity: number;
  /** Waitlist positions as the rows give them, sorted. */
  positions: number[];
  /** Positions told to each waitlisted racer by mail, sorted. */
  mailedPositions: number[];
  duplicates: number;
  violations: string[];
};

/** What a round left in the database for one session; `db` is any handle on the server's database. */
export async function inspectRound(db: Handle, sessionId: number, title: string): Promise<RoundReport> {
  const places = await placesByStatus(db, sessionId);
  const [rows] = await db
    .select({ all: count(), trainees: countDistinct(registrations.userId) })
    .from(registrations)
    .where(eq(registrations.sessionId, sessionId));
  const counts = {
    capacity: (await seatPool(db, sessionId))?.capacity ?? 0,
    confirmed: places.confirmed,
    waitlisted: places.waitlisted,
    duplicates: (rows?.all ?? 0) - (rows?.trainees ?? 0),
  };
  // The positions the app tells people, as the seat ledger gives them.
  const positions = (await queuePositions(db, sessionId)).sort((a, b) => a - b);
  const mailed = await db
    .select({ text: mailOutbox.text })
    .from(mailOutbox)
    .innerJoin(users, eq(users.email, mailOutbox.to))
    .innerJoin(
      registrations,
      and(
        eq(registrations.userId, users.id),
        eq(registrations.sessionId, sessionId),
        eq(registrations.status, "waitlisted"),
      ),
    )
    .where(eq(mailOutbox.subject, `You are on the waitlist: ${title}`));
  const mailedPositions = mailed
    .map(({ text }) => Number(/position (\d+)/.exec(text)?.[1] ?? NaN))
    .sort((a, b) => a - b);
  return {
    ...counts,
    positions,
    mailedPositions,
    violations: (await findSeatViolations(db, [sessionId])).map((v) => v.problem),
  };
}

/** Uploads an attendance file to a session's import page as staff do; the answer (a 303 to its preview). */
export function uploadAttendanceFile(
  server: RunningServer,
  { sessionId, cookie, fileName, text }: { sessionId: number; cookie: string; fileName: string; text: string },
): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([text], { type: "text/csv" }), fileName);
  return fetch(`${server.url}/manage/sessions/${sessionId}/attendance-import`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: server.url, "Accept-Language": "en" },
    redirect: "manual",
  });
}
