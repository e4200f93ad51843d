import { describe, expect, it } from "vitest";
import { mailSender, readEnv } from "./env.server";

const refusal = (source: NodeJS.ProcessEnv) => {
  try {
    readEnv(source);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the environment was accepted");
};

describe("the environment", () => {
  it("refuses a number with a unit instead of switching the lockout off", () => {
    expect(refusal({ LOGIN_LOCKOUT_BASE_SECONDS: "30s" })).toMatch(
      /^LOGIN_LOCKOUT_BASE_SECONDS: must be a whole number/m,
    );
    expect(refusal({ LOGIN_IP_MAX_FAILURES: "1e3" })).toMatch(/^LOGIN_IP_MAX_FAILURES: /m);
    expect(refusal({ LOGIN_IP_WINDOW_MINUTES: "NaN" })).toMatch(/^LOGIN_IP_WINDOW_MINUTES: /m);
    expect(refusal({ PORT: "70000" })).toMatch(/^PORT: /m);
  });

  it("refuses production without APP_URL, and addresses that are not a site's", () => {
    expect(refusal({ NODE_ENV: "production" })).toMatch(/^APP_URL: is required in production/m);
    expect(refusal({ APP_URL: "training.example.org" })).toMatch(/^APP_URL: /m);
    expect(refusal({ APP_URL: "javascript:alert(1)" })).toMatch(/^APP_URL: /m);
    expect(refusal({ APP_URL: "https://training.example.org/?next=x" })).toMatch(/^APP_URL: /m);
    expect(readEnv({ NODE_ENV: "production", APP_URL: "https://training.example.org/" }).APP_URL).toBe(
      "https://training.example.org",
    );
  });

  it("refuses mail settings a relay would refuse, naming each", () => {
    expect(refusal({ SMTP_URL: "mail.example.org" })).toMatch(/^SMTP_URL: /m);
    expect(refusal({ SMTP_URL: "http://mail.example.org" })).toMatch(/^SMTP_URL: must start with smtp/m);
    expect(refusal({ MAIL_FROM: "no-reply@localhost" })).toMatch(/^MAIL_FROM: /m);
    expect(refusal({ SMTP_URL: "smtp://127.0.0.1:2525" })).toMatch(/^MAIL_FROM: is required with SMTP_URL/m);
    expect(refusal({ LOG_LEVEL: "verbose" })).toMatch(/^LOG_LEVEL: /m);
    // Several at once, each named, none read as another's failure.
    const all = refusal({ SMTP_URL: "smtp://127.0.0.1", APP_URL: "not a url", PORT: "x" });
    expect(all).toMatch(/^APP_URL: /m);
    expect(all).toMatch(/^PORT: /m);
  });

  it("sends from the site's own domain unless told otherwise, and reads an empty variable as unset", () => {
    const env = readEnv({ APP_URL: "https://training.example.org", SMTP_URL: "smtp://127.0.0.1:2525", LOG_LEVEL: "" });
    expect(mailSender(env)).toBe("BRICS Training Alliance <no-reply@training.example.org>");
    expect(env.LOG_LEVEL).toBe("info");
    expect(mailSender(readEnv({ MAIL_FROM: "Alliance <training@brics.example>" }))).toBe(
      "Alliance <training@brics.example>",
    );
  });
});
