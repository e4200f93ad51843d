/** A small closed-loop HTTP load generator: N clients, each sending its next request when the last one answered. */

export type LoadResult = {
  requests: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? NaN;
}

/**
 * Sends `total` requests from `concurrency` clients. `send(i)` makes request number i and
 * resolves true when the answer was the expected one.
 */
export async function runLoad({
  total,
  concurrency,
  send,
  onProgress,
}: {
  total: number;
  concurrency: number;
  send: (i: number) => Promise<boolean>;
  onProgress?: (done: number, total: number) => void;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const client = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const ok = await send(i).catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) errors++;
      if (onProgress && latencies.length % 500 === 0) onProgress(latencies.length, total);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  onProgress?.(total, total);
  latencies.sort((a, b) => a - b);
  return {
    requests: total,
    seconds,
    rps: total / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
  };
}

import http from "node:http";

/**
 * A lean HTTP client for load (node:http with keep-alive): fetch costs the load generator more
 * CPU than the servers under test on a two-core machine.
 */
export function createClient(baseUrl: string, connections: number) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  return (method: string, path: string, headers: Record<string, string>, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: body ? { ...headers, "Content-Length": Buffer.byteLength(body) } : headers,
        },
        (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode ?? 0));
        },
      );
      request.on("error", reject);
      request.end(body);
    });
}
