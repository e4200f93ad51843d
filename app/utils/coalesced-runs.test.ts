import { describe, expect, it } from "vitest";
import { CoalescedRuns } from "./coalesced-runs";

/** A job whose runs each wait to be let go, recording what was pending when each started. */
function gatedJob() {
  const pending: number[] = [];
  const starts: number[][] = [];
  const gates: (() => void)[] = [];
  const job = async () => {
    starts.push([...pending]);
    pending.length = 0;
    await new Promise<void>((resolve) => gates.push(resolve));
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { pending, starts, gates, job, settle };
}

describe("coalesced runs", () => {
  it("run again after the run under way for what was asked during it, and once for a burst", async () => {
    const { pending, starts, gates, job, settle } = gatedJob();
    const runs = new CoalescedRuns<undefined>(job, () => undefined);
    pending.push(1);
    runs.request(undefined);
    await settle();
    expect(starts).toEqual([[1]]);
    // Asked for while the first run is under way (it has looked already): a second run follows.
    for (const item of [2, 3, 4]) {
      pending.push(item);
      runs.request(undefined);
    }
    gates.shift()!();
    await settle();
    expect(starts).toEqual([[1], [2, 3, 4]]);
    // Nothing asked for during the second run: none after it.
    gates.shift()!();
    await runs.done();
    expect(starts).toHaveLength(2);
  });

  it("keep running after a run fails, and report the failure", async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const runs = new CoalescedRuns(
      async () => {
        calls++;
        if (calls === 1) throw new Error("first run fails");
      },
      (error) => errors.push(error),
    );
    runs.request(undefined);
    await runs.done();
    runs.request(undefined);
    await runs.done();
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(["first run fails"]);
  });
});
