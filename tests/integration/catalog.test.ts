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

const sqlite = () => getDb().$client;

describe("the public catalog", () => {
  it("lists the six domains in their order, in the viewer's language", () => {
    const domains = listDomains({ locale: "zh-CN" });
    expect(domains.map((d) => d.name)).toEqual([
      "宏观经济政策解读",
      "跨文化交流融合",
      "智慧城市管理",
      "智慧产业",
      "智能制造",
      "通信与互联网",
    ]);
  });

  it("lists upcoming sessions soonest first, and only future ones", () => {
    const now = new Date();
    const { sessions, total } = searchSessions({ locale: "en", limit: 100, now });
    expect(total).toBeGreaterThan(40);
    const starts = sessions.map((s) => s.startsAt.getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(starts.every((t) => t > now.getTime())).toBe(true);
  });

  it("combines filters", () => {
    const { sessions } = searchSessions({
      locale: "en",
      limit: 100,
      filters: { institution: "xiamen-technician-college", mode: "offline" },
    });
    for (const s of sessions) {
      expect(s.institutionName).toBe("Xiamen Technician College");
      expect(s.mode).toBe("offline");
    }
  });

  it("pages without losing or repeating a session", () => {
    const all = searchSessions({ locale: "en", limit: 1000 }).sessions.map((s) => s.id);
    const paged = [0, 1, 2, 3, 4, 5].flatMap((page) =>
      searchSessions({ locale: "en", limit: 12, offset: page * 12 }).sessions.map((s) => s.id),
    );
    expect(paged).toEqual(all.slice(0, paged.length));
  });

  it("hides a suspended institution, its page and its sessions", () => {
    sqlite().prepare("update institutions set status = 'suspended' where slug = 'huaqiao-university'").run();
    expect(getInstitutionBySlug({ slug: "huaqiao-university", locale: "en" })).toBeNull();
    expect(listInstitutions({ locale: "en" }).map((i) => i.slug)).not.toContain("huaqiao-university");
    const { sessions } = searchSessions({ locale: "en", limit: 1000 });
    expect(sessions.some((s) => s.institutionName === "Huaqiao University")).toBe(false);
  });

  it("shows a draft course to nobody", () => {
    const courseId = sqlite().prepare("select id from courses where code = 'XMU-MP-101'").pluck().get() as number;
    expect(getPublishedCourse({ courseId, locale: "en" })?.title).toBe("Reading China's five-year plans");
    sqlite().prepare("update courses set status = 'draft' where id = ?").run(courseId);
    expect(getPublishedCourse({ courseId, locale: "en" })).toBeNull();
  });

  it("answers null for ids that do not exist", () => {
    expect(getPublishedCourse({ courseId: 987654, locale: "en" })).toBeNull();
    expect(getPublicSession({ sessionId: 987654, locale: "en" })).toBeNull();
    expect(getInstitutionBySlug({ slug: "no-such-college", locale: "en" })).toBeNull();
  });

  it("counts seats from the registrations themselves", () => {
    const { sessions } = searchSessions({ locale: "en", limit: 1000 });
    const full = sessions.find((s) => s.availability.kind === "full");
    expect(full).toBeDefined();
    const counts = sqlite()
      .prepare("select status, count(*) as n from registrations where session_id = ? group by status order by status")
      .all(full?.id) as { status: string; n: number }[];
    expect(counts).toEqual([
      { status: "confirmed", n: full?.capacity },
      { status: "waitlisted", n: full?.waitlisted },
    ]);
  });
});

describe("the lists every page shows", () => {
  it("shows a change to domains and institutions at once, though it keeps their lists between pages", () => {
    const domainsBefore = listDomains({ locale: "en" });
    expect(listDomains({ locale: "en" })).toBe(domainsBefore);
    sqlite()
      .prepare(`insert into domains (slug, name, sort_order) values ('green-hydrogen', '{"en":"Green hydrogen"}', 99)`)
      .run();
    expect(listDomains({ locale: "en" }).map((d) => d.name)).toEqual([
      ...domainsBefore.map((d) => d.name),
      "Green hydrogen",
    ]);

    const institutionsBefore = listInstitutions({ locale: "en" }).map((i) => i.slug);
    sqlite().prepare("update institutions set status = 'suspended' where slug = 'huaqiao-university'").run();
    expect(listInstitutions({ locale: "en" }).map((i) => i.slug)).toEqual(
      institutionsBefore.filter((slug) => slug !== "huaqiao-university"),
    );
    sqlite().prepare("update institutions set status = 'active' where slug = 'huaqiao-university'").run();
    sqlite().prepare("delete from domains where slug = 'green-hydrogen'").run();
  });
});

describe("catalog search", () => {
  const found = (q: string) => searchSessions({ locale: "en", filters: { q }, limit: 500 }).total;

  it("folds case and accents in every script, the same for each spelling", () => {
    const spellings = [
      ["производство", "Производство", "ПРОИЗВОДСТВО"],
      ["умный город", "Умный город"],
      ["robótica", "Robótica", "ROBÓTICA", "robotica"],
      ["gestão", "gestao", "GESTÃO"],
    ];
    for (const forms of spellings) {
      const counts = forms.map(found);
      expect(counts[0], forms[0]).toBeGreaterThan(0);
      expect(new Set(counts).size, forms.join(" / ")).toBe(1);
    }
  });

  it("finds sessions by their domain's and institution's names, in every language", () => {
    const inDomain = (slug: string) => searchSessions({ locale: "en", filters: { domain: slug }, limit: 500 }).total;
    const domain = listDomains({ locale: "en" }).find((d) => d.name === "Intelligent manufacturing");
    expect(domain).toBeDefined();
    expect(found("Intelligent manufacturing")).toBeGreaterThanOrEqual(inDomain(domain!.slug));
    const russian = listDomains({ locale: "ru" }).find((d) => d.slug === domain!.slug)!.name;
    expect(found(russian)).toBeGreaterThanOrEqual(inDomain(domain!.slug));
    expect(found("厦门大学")).toBeGreaterThan(0);
  });

  it("still finds two-character Chinese words, which have no trigram", () => {
    expect(found("港口")).toBeGreaterThan(0);
  });
});
