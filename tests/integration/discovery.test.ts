import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { getDb, transaction } from "~/utils/db.server";
import { courses } from "../../db/schema";
import { searchSessions } from "~/models/catalog.server";
import { loader as catalogLoader } from "~/routes/catalog";
import { routeArgs } from "../support/route-args";

const YEAR_2021 = { from: "2021-01-01", to: "2021-12-31" };
const ids = async (filters: Parameters<typeof searchSessions>[1]["filters"]) =>
  (await searchSessions(getDb(), { locale: "en", limit: 500, filters })).sessions.map((s) => s.id);

describe("catalog search", () => {
  it("finds the 2021 IP training by its Chinese name and by its English name", async () => {
    const chinese = (
      await searchSessions(getDb(), { locale: "zh-CN", limit: 50, filters: { ...YEAR_2021, q: "知识产权" } })
    ).sessions;
    const english = (
      await searchSessions(getDb(), {
        locale: "en",
        limit: 50,
        filters: { ...YEAR_2021, q: "intellectual property" },
      })
    ).sessions;
    expect(chinese.map((s) => s.id)).toEqual(english.map((s) => s.id));
    expect(english.map((s) => s.title)).toContain("Improving the IP capability of BRICS enterprises");
    expect(chinese.map((s) => s.title)).toContain("金砖国家企业知识产权提升");
  });

  it("matches institution names in any language, case-insensitively", async () => {
    const byChinese = await ids({ q: "华侨大学" });
    expect(byChinese.length).toBeGreaterThan(0);
    expect(await ids({ q: "HUAQIAO university" })).toEqual(byChinese);
  });

  it("matches two-character Chinese words too", async () => {
    expect((await ids({ q: "港口" })).length).toBeGreaterThan(0);
  });

  it("treats % and _ as plain characters, not wildcards", async () => {
    expect(await ids({ q: "%" })).toEqual([]);
    expect(await ids({ q: "_" })).toEqual([]);
  });

  it("finds nothing for a word in no language of the catalog", async () => {
    expect(await ids({ q: "zzzqqq" })).toEqual([]);
  });

  it("sees edits: renaming a course renames its sessions in the index", async () => {
    await transaction(getDb(), async (tx) => {
      const [course] = await tx.select().from(courses).where(eq(courses.code, "XMU-MP-101"));
      await tx
        .update(courses)
        .set({
          title: { ...course!.title, en: "Quantum basket weaving" },
          summary: { ...course!.summary, en: "Weaving, quantum style." },
        })
        .where(eq(courses.id, course!.id));
    });
    expect((await ids({ q: "basket weaving" })).length).toBeGreaterThan(0);
    expect(await ids({ q: "five-year plans" })).toEqual([]);
  });
});

describe("catalog filters", () => {
  it("keeps only sessions taught in the language asked for", async () => {
    const sessions = (await searchSessions(getDb(), { locale: "en", limit: 500, filters: { lang: "pt" } })).sessions;
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) expect(s.languages).toContain("pt");
  });

  it("keeps only sessions with a free seat", async () => {
    const sessions = (await searchSessions(getDb(), { locale: "en", limit: 500, filters: { seats: true } })).sessions;
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) {
      expect(s.status).toBe("published");
      expect(s.confirmed).toBeLessThan(s.capacity);
    }
    const all = (await searchSessions(getDb(), { locale: "en", limit: 500 })).sessions;
    expect(all.some((s) => s.availability.kind === "full")).toBe(true);
  });

  it("reaches past sessions with from and to, within those days only", async () => {
    const sessions = (
      await searchSessions(getDb(), {
        locale: "en",
        limit: 500,
        filters: { from: "2021-05-25", to: "2021-05-25" },
      })
    ).sessions;
    expect(sessions.map((s) => s.title)).toContain("Learning internationalization from Huawei");
    for (const s of sessions) {
      expect(s.startsAt.getTime()).toBeGreaterThanOrEqual(Date.parse("2021-05-25T00:00:00Z"));
      expect(s.startsAt.getTime()).toBeLessThan(Date.parse("2021-05-26T00:00:00Z"));
    }
  });

  it("combines every filter with AND", async () => {
    const combined = await ids({ q: "university", mode: "online", lang: "en", seats: true });
    const online = new Set(await ids({ mode: "online" }));
    const english = new Set(await ids({ lang: "en" }));
    const matching = new Set(await ids({ q: "university" }));
    for (const id of combined) {
      expect(online.has(id) && english.has(id) && matching.has(id)).toBe(true);
    }
  });
});

describe("the catalog page's queries", () => {
  /**
   * Counts the SQL statements a catalog page sends, whatever the page size: what the driver
   * under the database handle is asked to prepare (better-sqlite3) or to run (node-postgres's pool).
   */
  async function statementsFor(url: string): Promise<number> {
    const client = getDb().$client as unknown as Record<string, (...args: unknown[]) => unknown>;
    const method = typeof client.prepare === "function" ? "prepare" : "query";
    const original = client[method]!;
    let count = 0;
    client[method] = (...args: unknown[]) => {
      count++;
      return original.apply(client, args);
    };
    try {
      await catalogLoader(routeArgs({ request: new Request(`http://localhost${url}`), params: {}, context: {} }));
    } finally {
      client[method] = original;
    }
    return count;
  }

  it("do not grow with the number of sessions shown (no N+1)", async () => {
    // Once, so the lists every page shows (kept until the catalog changes) are in place.
    await statementsFor("/catalog");
    const few = await statementsFor("/catalog?from=2021-01-01&to=2021-01-31");
    const many = await statementsFor("/catalog?from=2021-01-01");
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(6);
  });
});
