/**
 * The catalog page on the full demo data: its first page, in English, for visitors, under a few
 * concurrent clients; beside the bare baseline running the same queries and answering JSON.
 */
import { createClient, runLoad } from "./load";
import { startBaseline } from "./support";
import { startServer } from "../../tests/support/race";

export type CatalogResult = {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  baselineRps: number;
  ratio: number;
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
  const load = async (baseUrl: string, path: string, label: string) => {
    const get = createClient(baseUrl, concurrency);
    await runLoad({ total: 200, concurrency, send: async () => (await get("GET", path, {})) === 200 });
    const result = await runLoad({
      total,
      concurrency,
      onProgress: (done, all) => progress(label, done, all),
      send: async () => (await get("GET", path, { "Accept-Language": "en" })) === 200,
    });
    if (result.errors > 0) throw new Error(`${label}: ${result.errors} unexpected answers`);
    return result;
  };
  const server = await startServer({ databasePath, workers: processes });
  let app;
  try {
    app = await load(server.url, "/catalog", "catalog, the app");
  } finally {
    await server.stop();
  }
  const baseline = await startBaseline(databasePath);
  let bare;
  try {
    bare = await load(baseline.url, "/catalog", "catalog, bare node:http");
  } finally {
    await baseline.stop();
  }
  return {
    rps: app.rps,
    p50Ms: app.p50Ms,
    p99Ms: app.p99Ms,
    baselineRps: bare.rps,
    ratio: app.rps / bare.rps,
    concurrency,
    processes,
  };
}
