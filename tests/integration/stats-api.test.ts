/** The statistics API: organizer tokens (hashed, revocable) and the dashboard's figures as JSON. */
import { and, count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb, transaction } from "~/utils/db.server";
import { authenticateApiToken, createApiToken, revokeApiToken } from "~/models/api-tokens.server";
import { computeStats } from "~/models/stats.server";
import { loader as statsApi } from "~/routes/api.v1.stats";
import { organizerActor } from "../support/enrollment";
import { routeArgs } from "../support/route-args";
import { apiTokens, auditEvents, users } from "../../db/schema";

const organizer = () => organizerActor(getDb());

async function storedToken(id: number) {
  const [row] = await getDb()
    .select({ tokenHash: apiTokens.tokenHash, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .where(eq(apiTokens.id, id));
  if (!row) throw new Error(`No API token ${id}`);
  return row;
}

async function call(query: string, token?: string) {
  const request = new Request(`http://localhost/api/v1/stats?${query}`, {
    headers: token ? { Authorization: `Bearer ${token}`, "Accept-Language": "en" } : { "Accept-Language": "en" },
  });
  const response = await statsApi(routeArgs({ request, params: {}, context: {} }));
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("API tokens", () => {
  it("are stored hashed, work until revoked, and record when they were last used", async () => {
    const { id, token } = await createApiToken(getDb(), { actor: await organizer(), name: "Power BI" });
    expect(token).toMatch(/^brt_[\w-]{40,}$/);
    const stored = (await storedToken(id)).tokenHash;
    expect(stored.length).toBe(32);
    expect(stored.toString("utf8")).not.toContain(token.slice(4));
    expect(await authenticateApiToken(getDb(), `Bearer ${token}`)).toEqual({ id });
    expect((await storedToken(id)).lastUsedAt).toBeInstanceOf(Date);
    expect(await authenticateApiToken(getDb(), `Bearer ${token}x`)).toBeNull();
    expect(await authenticateApiToken(getDb(), token)).toBeNull(); // no scheme
    expect(await revokeApiToken(getDb(), { actor: await organizer(), id })).toBe(true);
    expect(await authenticateApiToken(getDb(), `Bearer ${token}`)).toBeNull();
    const [audited] = await getDb()
      .select({ n: count() })
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "api_token"), eq(auditEvents.entityId, String(id))));
    expect(audited?.n).toBe(2);
  });

  it("stop working when their maker is no longer an organizer", async () => {
    const [made] = await transaction(getDb(), (tx) =>
      tx
        .insert(users)
        .values({ email: "former-organizer@example.org", name: "Former", countryCode: "CN", role: "organizer" })
        .returning({ id: users.id }),
    );
    const { token } = await createApiToken(getDb(), {
      actor: { id: made!.id, role: "organizer", institutionId: null },
      name: "Old",
    });
    expect(await authenticateApiToken(getDb(), `Bearer ${token}`)).not.toBeNull();
    await transaction(getDb(), async (tx) => {
      await tx.update(users).set({ role: "trainee" }).where(eq(users.id, made!.id));
    });
    expect(await authenticateApiToken(getDb(), `Bearer ${token}`)).toBeNull();
  });
});

describe("GET /api/v1/stats", () => {
  it("refuses requests without a valid token", async () => {
    const anonymous = await call("groupBy=country");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect((await call("groupBy=country", "brt_not-a-real-token")).status).toBe(401);
  });

  it("answers the dashboard's figures for every grouping, with the same filters", async () => {
    const { token } = await createApiToken(getDb(), { actor: await organizer(), name: "Tableau" });
    const filters = { from: "2021-01-01", to: "2021-12-31" };
    const stats = await computeStats(getDb(), filters, "en");
    const byCountry = await call("groupBy=country&from=2021-01-01&to=2021-12-31", token);
    expect(byCountry.status).toBe(200);
    expect(byCountry.body.totals).toEqual(stats.totals);
    const rows = byCountry.body.rows as { key: string; participantTimes: number; distinctParticipants: number }[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((r) => [r.key, r.participantTimes, r.distinctParticipants])).toEqual(
      stats.byCountry.map((r) => [r.code, r.participantTimes, r.distinctParticipants]),
    );
    const sum = (list: { participantTimes: number }[]) => list.reduce((total, r) => total + r.participantTimes, 0);
    for (const groupBy of ["domain", "institution", "program", "month"]) {
      const answer = await call(`groupBy=${groupBy}&from=2021-01-01&to=2021-12-31`, token);
      expect(answer.status, groupBy).toBe(200);
      expect(sum(answer.body.rows as { participantTimes: number }[]), groupBy).toBe(stats.totals.participantTimes);
    }
    // A domain's key is its slug, which the domain filter takes back.
    const domains = (await call("groupBy=domain&from=2021-01-01&to=2021-12-31", token)).body.rows as {
      key: string;
      participantTimes: number;
    }[];
    const first = domains[0]!;
    const filtered = await call(`groupBy=country&from=2021-01-01&to=2021-12-31&domain=${first.key}`, token);
    expect((filtered.body.totals as { participantTimes: number }).participantTimes).toBe(first.participantTimes);
  });

  it("names the problem in a malformed query instead of answering unfiltered figures", async () => {
    const { token } = await createApiToken(getDb(), { actor: await organizer(), name: "Excel" });
    const named: Record<string, string> = {
      "": "groupBy",
      "groupBy=planet": "groupBy",
      "groupBy=country&from=2021-13-45": "from",
      "groupBy=country&from=2021-02-29": "from",
      "groupBy=country&form=2021-01-01": "form",
    };
    for (const [query, parameter] of Object.entries(named)) {
      const answer = await call(query, token);
      expect(answer.status, query).toBe(400);
      // An RFC 9457 problem naming the parameter.
      expect(answer.body).toMatchObject({ type: "about:blank", title: "Bad Request", status: 400 });
      expect(answer.body.errors, query).toEqual(expect.arrayContaining([expect.objectContaining({ parameter })]));
    }
  });
});

describe("the public impact page", () => {
  it("shows the dashboard's totals up to today, by year adding up, and nothing personal", async () => {
    const { loader: impact } = await import("~/routes/impact");
    const request = new Request("http://localhost/impact", { headers: { "Accept-Language": "zh-CN" } });
    const page = (await impact(routeArgs({ request, params: {}, context: {} }))) as Awaited<ReturnType<typeof impact>>;
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const stats = await computeStats(getDb(), { to: today }, "zh-CN");
    expect(page.totals.participantTimes).toBe(stats.totals.participantTimes);
    expect(page.totals.participantTimes).toBeGreaterThan(0);
    expect(page.byYear.reduce((sum, row) => sum + row.participantTimes, 0)).toBe(stats.totals.participantTimes);
    expect(page.byYear.map((row) => row.year)).toContain("2021");
    expect(page.byCountry[0]?.label).toMatch(/[\u4e00-\u9fff]/); // country names in Chinese
    expect(JSON.stringify(page)).not.toMatch(/@|trainee/i);
  });
});
