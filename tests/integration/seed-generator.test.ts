import { hash } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../db/seed/seed-demo";
import { createEmptyDatabase } from "../support/database";

// The demo generator writes SQLite files (npm run seed:demo); PostgreSQL gets its data from such
// a file with db:copy, whose result seed.test.ts and catalog-full-size.test.ts check there.
describe("the demo generator", () => {
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
