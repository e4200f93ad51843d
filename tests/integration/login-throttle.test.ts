import { afterEach, describe, expect, it } from "vitest";
import { checkLoginThrottle, clearLoginFailures, recordLoginFailure } from "~/models/login-throttle.server";

const email = "someone@example.org";
const t0 = new Date("2026-11-22T08:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("sign-in throttling", () => {
  afterEach(() => {
    delete process.env.LOGIN_IP_MAX_FAILURES;
  });

  it("lets five failures in a row pass, then makes the account wait 30 s, then longer", () => {
    for (let i = 0; i < 4; i++) recordLoginFailure({ email, ip: "192.0.2.1", now: at(i) });
    expect(checkLoginThrottle({ email, ip: "192.0.2.1", now: at(4) })).toEqual({ allowed: true });
    recordLoginFailure({ email, ip: "192.0.2.1", now: at(4) });
    expect(checkLoginThrottle({ email, ip: "192.0.2.2", now: at(5) })).toEqual({
      allowed: false,
      retryAfterSeconds: 29,
      scope: "account",
    });
    expect(checkLoginThrottle({ email, ip: "192.0.2.2", now: at(34) })).toEqual({ allowed: true });
    recordLoginFailure({ email, ip: "192.0.2.1", now: at(35) });
    expect(checkLoginThrottle({ email, ip: "192.0.2.1", now: at(36) })).toMatchObject({
      allowed: false,
      retryAfterSeconds: 59,
    });
  });

  it("forgets the failures after a success", () => {
    for (let i = 0; i < 6; i++) recordLoginFailure({ email, ip: "192.0.2.1", now: at(i) });
    clearLoginFailures({ email });
    expect(checkLoginThrottle({ email, ip: "192.0.2.1", now: at(7) })).toEqual({ allowed: true });
  });

  it("caps failures per address generously, across accounts, for one window", () => {
    process.env.LOGIN_IP_MAX_FAILURES = "20";
    for (let i = 0; i < 20; i++)
      recordLoginFailure({ email: `person${i}@example.org`, ip: "198.51.100.7", now: at(i) });
    expect(checkLoginThrottle({ email: "new@example.org", ip: "198.51.100.7", now: at(30) })).toMatchObject({
      allowed: false,
      scope: "ip",
    });
    expect(checkLoginThrottle({ email: "new@example.org", ip: "198.51.100.8", now: at(30) })).toEqual({
      allowed: true,
    });
    expect(checkLoginThrottle({ email: "new@example.org", ip: "198.51.100.7", now: at(15 * 60 + 1) })).toEqual({
      allowed: true,
    });
  });
});
