import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import {
  getInstitutionBySlug,
  getPublicSession,
  getPublishedCourse,
  listDomains,
  listInstitutions,
  searchSessions,
} from "~/models/catalog.server";
import { count, eq } from "drizzle-orm";
import { transaction, type Tx } from "~/utils/db.server";
import { courses, domains, institutions, registrations } from "../../db/schema";

/** Sets rows up directly, in a transaction of its own (typed: the same on either engine). */
const write = (work: (tx: Tx) => Promise<unknown>) => transaction(getDb(), work);
const setInstitutionStatus = (slug: string, status: "active" | "suspended") =>
  write((tx) => tx.update(institutions).set({ status }).where(eq(institutions.slug, slug)));

describe("the public catalog", () => {
  it("lists the six domains in their order, in the viewer's language", async () => {
    const domains = await listDomains(getDb(), { locale: "zh-CN" });
    expect(domains.map((d) => d.name)).toEqual([
      "宏观经济政策解读",
      "跨文化交流融合",
      "智慧城市管理",
      "智慧产业",
      "智能制造",
      "通信与互联网",
    ]);
  });

  it("lists upcoming sessions soonest first, and only future ones", async () => {
    const now = new Date();
    const { sessions, total } = await searchSessions(getDb(), { locale: "en", limit: 100, now });
    expect(total).toBeGreaterThan(40);
    const starts = sessions.map((s) => s.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.every((t) => t > now.getTime())).toBe(true);
  });

  it("combines filters", async () => {
    const { sessions } = await searchSessions(getDb(), {
      locale: "en",
      limit: 100,
      filters: { institution: "xiamen-technician-college", mode: "offline" },
    });
    for (const s of sessions) {
      expect(s.institutionName).toBe("Xiamen Technician College");
      expect(s.mode).toBe("offline");
    }
  });

  it("pages without losing or repeating a session", async () => {
    const all = (await searchSessions(getDb(), { locale: "en", limit: 1000 })).sessions.map((s) => s.id);
    const pages = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((page) => searchSessions(getDb(), { locale: "en", limit: 12, offset: page * 12 })),
    );
    const paged = pages.flatMap((page) => page.sessions.map((s) => s.id));
    expect(paged).toEqual(all.slice(0, paged.length));
  });

  it("hides a suspended institution, its page and its sessions", async () => {
    await setInstitutionStatus("huaqiao-university", "suspended");
    expect(await getInstitutionBySlug(getDb(), { slug: "huaqiao-university", locale: "en" })).toBeNull();
    expect((await listInstitutions(getDb(), { locale: "en" })).map((i) => i.slug)).not.toContain("huaqiao-university");
    const { sessions } = await searchSessions(getDb(), { locale: "en", limit: 1000 });
    expect(sessions.some((s) => s.institutionName === "Huaqiao University")).toBe(false);
  });

  it("shows a draft course to nobody", async () => {
    const [course] = await getDb().select({ id: courses.id }).from(courses).where(eq(courses.code, "XMU-MP-101"));
    const courseId = course!.id;
    expect((await getPublishedCourse(getDb(), { courseId, locale: "en" }))?.title).toBe(
      "Reading China's five-year plans",
    );
    await write((tx) => tx.update(courses).set({ status: "draft" }).where(eq(courses.id, courseId)));
    expect(await getPublishedCourse(getDb(), { courseId, locale: "en" })).toBeNull();
  });

  it("answers null for ids that do not exist", async () => {
    expect(await getPublishedCourse(getDb(), { courseId: 987654, locale: "en" })).toBeNull();
    expect(await getPublicSession(getDb(), { sessionId: 987654, locale: "en" })).toBeNull();
    expect(await getInstitutionBySlug(getDb(), { slug: "no-such-college", locale: "en" })).toBeNull();
  });

  it("counts seats from the registrations themselves", async () => {
    const { sessions } = await searchSessions(getDb(), { locale: "en", limit: 1000 });
    const full = sessions.find((s) => s.availability.kind === "full");
    expect(full).toBeDefined();
    const counts = await getDb()
      .select({ status: registrations.status, n: count() })
      .from(registrations)
      .where(eq(registrations.sessionId, full!.id))
      .groupBy(registrations.status)
      .orderBy(registrations.status);
    expect(counts).toEqual([
      { status: "confirmed", n: full?.capacity },
      { status: "waitlisted", n: full?.waitlisted },
    ]);
  });
});

describe("the lists every page shows", () => {
  it("shows a change to domains and institutions at once, though it keeps their lists between pages", async () => {
    const domainsBefore = await listDomains(getDb(), { locale: "en" });
    expect(await listDomains(getDb(), { locale: "en" })).toBe(domainsBefore);
    await write((tx) =>
      tx.insert(domains).values({ slug: "green-hydrogen", name: { en: "Green hydrogen" }, sortOrder: 99 }),
    );
    expect((await listDomains(getDb(), { locale: "en" })).map((d) => d.name)).toEqual([
      ...domainsBefore.map((d) => d.name),
      "Green hydrogen",
    ]);

    const institutionsBefore = (await listInstitutions(getDb(), { locale: "en" })).map((i) => i.slug);
    await setInstitutionStatus("huaqiao-university", "suspended");
    expect((await listInstitutions(getDb(), { locale: "en" })).map((i) => i.slug)).toEqual(
      institutionsBefore.filter((slug) => slug !== "huaqiao-university"),
    );
    await setInstitutionStatus("huaqiao-university", "active");
    await write((tx) => tx.delete(domains).where(eq(domains.slug, "green-hydrogen")));
  });
});

describe("catalog search", () => {
  const found = async (q: string) =>
    (await searchSessions(getDb(), { locale: "en", filters: { q }, limit: 500 })).total;

  it("folds case and accents in every script, the same for each spelling", async () => {
    const spellings = [
      ["производство", "Производство", "ПРОИЗВОДСТВО"],
      ["умный город", "Умный город"],
      ["robótica", "Robótica", "ROBÓTICA", "robotica"],
      ["gestão", "gestao", "GESTÃO"],
    ];
    for (const forms of spellings) {
      const counts = await Promise.all(forms.map(found));
      expect(counts[0], forms[0]).toBeGreaterThan(0);
      expect(new Set(counts).size, forms.join(" / ")).toBe(1);
    }
  });

  it("finds sessions by their domain's and institution's names, in every language", async () => {
    const inDomain = async (slug: string) =>
      (await searchSessions(getDb(), { locale: "en", filters: { domain: slug }, limit: 500 })).total;
    const domain = (await listDomains(getDb(), { locale: "en" })).find((d) => d.name === "Intelligent manufacturing");
    expect(domain).toBeDefined();
    expect(await found("Intelligent manufacturing")).toBeGreaterThanOrEqual(await inDomain(domain!.slug));
    const russian = (await listDomains(getDb(), { locale: "ru" })).find((d) => d.slug === domain!.slug)!.name;
    expect(await found(russian)).toBeGreaterThanOrEqual(await inDomain(domain!.slug));
    expect(await found("厦门大学")).toBeGreaterThan(0);
  });

  it("still finds two-character Chinese words, which have no trigram", async () => {
    expect(await found("港口")).toBeGreaterThan(0);
  });
});
