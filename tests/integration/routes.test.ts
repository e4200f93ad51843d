import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { closeAppDatabase } from "../../db/client";
import { loader as healthz } from "~/routes/healthz";
import { action as changeLanguage } from "~/routes/language";
import { routeArgs } from "../support/route-args";

function languageForm(fields: Record<string, string>) {
  return new Request("http://localhost/language", { method: "POST", body: new URLSearchParams(fields) });
}

async function callAction(request: Request) {
  const result: unknown = await changeLanguage(routeArgs({ request, params: {}, context: {} }));
  if (!(result instanceof Response)) throw new Error("expected a Response");
  return result;
}

describe("POST /language", () => {
  it("sets the locale cookie and goes back to the page the person was on", async () => {
    const response = await callAction(languageForm({ locale: "zh-CN", redirectTo: "/catalog?mode=online" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/catalog?mode=online");
    expect(response.headers.get("Set-Cookie")).toMatch(/^locale=/);
  });

  it("changes nothing for a locale we do not have", async () => {
    const response = await callAction(languageForm({ locale: "xx", redirectTo: "/" }));
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });

  it("never redirects to another site", async () => {
    const response = await callAction(languageForm({ locale: "en", redirectTo: "//evil.example/" }));
    expect(response.headers.get("Location")).toBe("/");
  });
});

describe("GET /healthz", () => {
  it("answers 200 when the database answers", async () => {
    const response = await healthz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers 503 when the database does not", async () => {
    // Closed under the app's handle (not through closeDb, which would let getDb() open it again).
    await closeAppDatabase(getDb());
    const response = await healthz();
    expect(response.status).toBe(503);
  });
});
