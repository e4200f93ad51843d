import { describe, expect, it } from "vitest";
import { getDb } from "~/utils/db.server";
import {
  checkLoginThrottle,
  clearLoginFailures,
  loginThrottleSettings,
  recordLoginFailure,
} from "~/models/login-throttle.server";

const email = "someone@example.org";
const t0 = new Date("2026-11-22T08:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("sign-in throttling", () => {
  it("lets five failures in a row pass, then makes the account wait 30 s from that address, then longer", async () => {
    for (let i = 0; i < 4; i++) await recordLoginFailure(getDb(), { email, ip: "192.0.2.1", now: at(i) });
    expect(await checkLoginThrottle(getDb(), { email, ip: "192.0.2.1", now: at(4) })).toEqual({ allowed: true });
    await recordLoginFailure(getDb(), { email, ip: "192.0.2.1", now: at(4) });
    expect(await checkLoginThrottle(getDb(), { email, ip: "192.0.2.1", now: at(5) })).toEqual({
      allowed: false,
      retryAfterSeconds: 29,
      scope: "account",
    });
    // The owner, somewhere else, is not locked out by what was tried from 192.0.2.1.
    expect(await checkLoginThrottle(getDb(), { email, ip: "203.0.113.9", now: at(5) })).toEqual({ allowed: true });
    expect(await checkLoginThrottle(getDb(), { email, ip: "192.0.2.1", now: at(34) })).toEqual({ allowed: true });
    await recordLoginFailure(getDb(), { email, ip: "192.0.2.1", now: at(35) });
    expect(await checkLoginThrottle(getDb(), { email, ip: "192.0.2.1", now: at(36) })).toMatchObject({
      allowed: false,
      retryAfterSeconds: 59,
    });
  });

  it("forgets the failures after a success", async () => {
    for (let i = 0; i < 6; i++) await recordLoginFailure(getDb(), { email, ip: "192.0.2.1", now: at(i) });
    await clearLoginFailures(getDb(), { email, ip: "192.0.2.1" });
    expect(await checkLoginThrottle(getDb(), { email, ip: "192.0.2.1", now: at(7) })).toEqual({ allowed: true });
  });

  it("caps failures per address generously, across accounts, for one window", async () => {
    const settings = { ...loginThrottleSettings(), ipMaxFailures: 20 };
    for (let i = 0; i < 20; i++)
      await recordLoginFailure(getDb(), { email: `person${i}@example.org`, ip: "198.51.100.7", now: at(i), settings });
    const tryAs = (ip: string, seconds: number) =>
      checkLoginThrottle(getDb(), { email: "new@example.org", ip, now: at(seconds), settings });
    expect(await tryAs("198.51.100.7", 30)).toMatchObject({ allowed: false, scope: "ip" });
    expect(await tryAs("198.51.100.8", 30)).toEqual({ allowed: true });
    expect(await tryAs("198.51.100.7", 15 * 60 + 1)).toEqual({ allowed: true });
  });

  it("stops guessing spread over many addresses at the account's ceiling, for everyone, for one window", async () => {
    const settings = { ...loginThrottleSettings(), accountMaxFailures: 30 };
    const victim = "victim@example.org";
    for (let i = 0; i < 30; i++)
      await recordLoginFailure(getDb(), { email: victim, ip: `10.0.${i}.1`, now: at(i), settings });
    expect(
      await checkLoginThrottle(getDb(), { email: victim, ip: "203.0.113.9", now: at(31), settings }),
    ).toMatchObject({
      allowed: false,
      scope: "account",
    });
    expect(
      await checkLoginThrottle(getDb(), { email: victim, ip: "203.0.113.9", now: at(15 * 60 + 1), settings }),
    ).toEqual({
      allowed: true,
    });
  });
});
