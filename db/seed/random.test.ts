import { describe, expect, it } from "vitest";
import { createRandom } from "./random";

describe("createRandom", () => {
  it("gives the same sequence for the same seed", () => {
    const a = createRandom(7);
    const b = createRandom(7);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it("keeps integers within their bounds", () => {
    const random = createRandom(1);
    const values = Array.from({ length: 1000 }, () => random.int(3, 5));
    expect(Math.min(...values)).toBe(3);
    expect(Math.max(...values)).toBe(5);
  });

  it("picks by weight", () => {
    const random = createRandom(3);
    const picks = Array.from({ length: 2000 }, () =>
      random.weighted([
        ["heavy", 9],
        ["light", 1],
      ] as const),
    );
    const heavy = picks.filter((p) => p === "heavy").length;
    expect(heavy).toBeGreaterThan(1600);
    expect(heavy).toBeLessThan(1990);
  });
});
