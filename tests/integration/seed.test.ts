import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import { searchSessions } from "~/models/catalog.server";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/seed-demo";
import { FOUNDING_INSTITUTION_SLUGS } from "../../db/seed/reference-data";
import { createEmptyDatabase, testSqlite } from "../support/database";
import { SEEDED_BASE_SIZE } from "../support/paths";

const sqlite = testSqlite;
const scalar = (query: string, ...params: unknown[]) =>
  sqlite()
    .prepare(query)
    .pluck()
    .get(...params);

describe("the seed catalog", () => {
  it("has the six domains named in English, Chinese, Russian and Portuguese", () => {
    const names = sqlite().prepare("select name from domains order by sort_order").pluck().all() as string[];
    expect(names).toHaveLength(6);
    for (const name of names.map((n) => JSON.parse(n) as Record<string, string>)) {
      expect(Object.keys(name).sort()).toEqual(["en", "pt-BR", "ru", "zh-CN"]);
    }
    expect(JSON.parse(names[0] ?? "{}")["zh-CN"]).toBe("宏观经济政策解读");
  });

  it("has the five founding institutions under their slugs, and the organizer office", () => {
    const slugs = sqlite().prepare("select slug from institutions").pluck().all();
    expect(slugs).toEqual(expect.arrayContaining([...FOUNDING_INSTITUTION_SLUGS, "xiamen-brics-office"]));
    expect(FOUNDING_INSTITUTION_SLUGS).toEqual([
      "xiamen-university",
      "huaqiao-university",
      "xiamen-technician-college",
      "xiamen-ocean-vocational-college",
      "xiamen-city-vocational-college",
    ]);
  });

  it("has 11 programs covering all six domains, with courses in English and Chinese", () => {
    expect(scalar("select count(*) from programs")).toBe(11);
    expect(scalar("select count(distinct domain_id) from programs")).toBe(6);
    expect(
      scalar(
        "select count(*) from courses where json_extract(title, '$.en') is null or json_extract(title, '$.\"zh-CN\"') is null",
      ),
    ).toBe(0);
  });

  it("dates country group membership: Indonesia joined the members on 2025-01-06", () => {
    const since = scalar(
      `select since from country_group_memberships m join country_groups g on g.id = m.group_id
       where g.slug = 'brics-members' and m.country_code = 'ID'`,
    );
    expect(since).toBe("2025-01-06");
    expect(scalar("select count(*) from countries")).toBeGreaterThan(240);
  });

  it("holds the six 2021 trainings as completed sessions on their dates, with the Brazilian co-hosts", () => {
    const rows = sqlite()
      .prepare(
        `select date(starts_at / 1000, 'unixepoch', '+8 hours') as day, mode, json_extract(co_host, '$.en') as coHost
         from training_sessions where starts_at < ? and status = 'completed' and co_host is not null or day = '2021-05-25'
         order by starts_at`,
      )
      .all(Date.UTC(2022, 0, 1)) as { day: string; mode: string; coHost: string | null }[];
    expect(rows[0]).toEqual({ day: "2021-04-29", mode: "online", coHost: expect.stringContaining("Mato Grosso") });
    expect(rows.find((r) => r.day === "2021-05-25")?.mode).toBe("offline");
    expect(rows.find((r) => r.day === "2021-08-05")?.coHost).toBe("Embassy of Brazil in China");
  });

  it("offers upcoming sessions in every state a trainee can meet", async () => {
    const { sessions } = await searchSessions(getDb(), { locale: "en", limit: 500 });
    const kinds = sessions.map((s) => s.availability);
    expect(kinds.some((a) => a.kind === "open" && a.seatsLeft > 100)).toBe(true);
    expect(kinds.some((a) => a.kind === "open" && a.seatsLeft >= 1 && a.seatsLeft <= 5)).toBe(true);
    expect(kinds.some((a) => a.kind === "full" && a.waitlisted > 0)).toBe(true);
    expect(kinds.some((a) => a.kind === "not_yet_open")).toBe(true);
    expect(kinds.some((a) => a.kind === "closed")).toBe(true);
    expect(kinds.some((a) => a.kind === "cancelled")).toBe(true);
    expect(new Set(sessions.map((s) => s.mode))).toEqual(new Set(["online", "offline", "hybrid"]));
    expect(new Set(sessions.map((s) => s.timeZone)).size).toBeGreaterThanOrEqual(3);
  });
});

describe("the demo generator", () => {
  it("writes exactly the registrations asked for, one per trainee and session", () => {
    expect(scalar("select count(*) from registrations")).toBe(SEEDED_BASE_SIZE.registrations);
    expect(scalar("select count(*) from users where role = 'trainee'")).toBe(SEEDED_BASE_SIZE.trainees);
  });

  it("snapshots each trainee's country on the registration", () => {
    expect(
      scalar(
        "select count(*) from registrations r join users u on u.id = r.user_id where r.country_code <> u.country_code",
      ),
    ).toBe(0);
  });

  it("has the demo accounts, with trainees from at least 30 countries when the population allows", async () => {
    const { db } = createEmptyDatabase();
    const summary = seedDemo(db, {
      trainees: 2000,
      registrations: 5000,
      passwordHash: await hash(DEMO_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 }),
    });
    const one = (q: string) => db.$client.prepare(q).pluck().get();
    expect(summary.registrations).toBe(5000);
    expect(one("select count(*) from users where email = 'organizer@example.org' and role = 'organizer'")).toBe(1);
    expect(one("select count(*) from users where email like 'staff@%.example.org' and role = 'staff'")).toBe(6);
    expect(
      one(
        "select count(*) from users where email glob 'trainee[0-9]*@example.org' and cast(substr(email, 8) as integer) <= 50",
      ),
    ).toBe(50);
    expect(one("select count(distinct country_code) from users where role = 'trainee'")).toBeGreaterThanOrEqual(30);
    for (const code of ["DE", "NL", "UA", "PK", "KZ", "CL"]) {
      expect(one(`select count(*) from users where country_code = '${code}'`)).toBeGreaterThan(0);
    }
  });

  it("is deterministic: the same seed and day give the same data", async () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const passwordHash = "not-a-real-hash";
    const fingerprints = [1, 2].map(() => {
      const { db } = createEmptyDatabase();
      seedDemo(db, { trainees: 100, registrations: 800, now, passwordHash });
      return db.$client
        .prepare(
          "select group_concat(session_id || ':' || user_id || ':' || status || ':' || country_code) from (select * from registrations order by id)",
        )
        .pluck()
        .get();
    });
    expect(fingerprints[0]).toBe(fingerprints[1]);
  });
});
