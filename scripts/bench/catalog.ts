/**
 * The catalog page on the full demo data: its first page, in English, for visitors. Latency
 * (p50, p99) is a page view with the server otherwise idle, one client at a time; throughput
 * (req/s) under a few concurrent clients, beside the bare baseline running the same queries and
 * answering JSON, under the same clients.
 */
import { createClient, runLoad } from "./load";
import { withApp, withBaseline } from "./support";

export type CatalogResult = {
  /** Under `concurrency` clients. */
  rps: number;
  /** One client at a time. */
  p50Ms: number;
  p99Ms: number;
  baselineRps: number;
  ratio: number;
  /** Latency under `concurrency` clients. */
  loadedP50Ms: number;
  loadedP99Ms: number;
  concurrency: number;
  processes: number;
};

export async function benchCatalog({
  databasePath,
  total,
  concurrency,
  processes,
  progress,
}: {
  databasePath: string;
  total: number;
  concurrency: number;
  processes: number;
  progress: (phase: string, done: number, total: number) => void;
}): Promise<CatalogResult> {
  const load = async (baseUrl: string, clients: number, requests: number, label: string) => {
    const get = createClient(baseUrl, clients);
    await runLoad({ total: 100, concurrency: clients, send: async () => (await get("GET", "/catalog", {})) === 200 });
    const result = await runLoad({
      total: requests,
      concurrency: clients,
      onProgress: (done, all) => progress(label, done, all),
      send: async () => (await get("GET", "/catalog", { "Accept-Language": "en" })) === 200,
    });
    if (result.errors > 0) throw new Error(`${label}: ${result.errors} unexpected answers`);
    return result;
  };
  const [single, loaded] = await withApp(databasePath, processes, async (server) => [
    await load(server.url, 1, Math.round(total / 5), "catalog, the app, 1 client"),
    await load(server.url, concurrency, total, `catalog, the app, ${concurrency} clients`),
  ]);
  const bare = await withBaseline(databasePath, (baseline) =>
    load(baseline.url, concurrency, total, `catalog, bare node:http, ${concurrency} clients`),
  );
  return {
    rps: loaded.rps,
    p50Ms: single.p50Ms,
    p99Ms: single.p99Ms,
    baselineRps: bare.rps,
    ratio: loaded.rps / bare.rps,
    loadedP50Ms: loaded.p50Ms,
    loadedP99Ms: loaded.p99Ms,
    concurrency,
    processes,
  };
}
