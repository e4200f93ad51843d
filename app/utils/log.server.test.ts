import { describe, expect, it } from "vitest";
import { redactSecretLinks, redactUrl, requestIdFrom } from "./log.server";

describe("redactUrl", () => {
  it("hides the calendar feed's token and keeps the rest of the query", () => {
    expect(redactUrl("/me/calendar.ics?token=Zk3v9QpL&lang=ru")).toBe("/me/calendar.ics?token=[redacted]&lang=ru");
  });

  it("hides check-in codes and the tokens of invitation and password-reset addresses", () => {
    expect(redactUrl("/check-in?code=123456")).toBe("/check-in?code=[redacted]");
    expect(redactUrl("/invitations/abcDEF123?x=1")).toBe("/invitations/[redacted]?x=1");
    expect(redactUrl("/reset-password/abcDEF123")).toBe("/reset-password/[redacted]");
    expect(redactUrl("/signup/confirm/abcDEF123")).toBe("/signup/confirm/[redacted]");
  });

  it("masks every key in a mail's links, the sign-up confirmation's too", () => {
    const text = "Finish here:\nhttp://localhost:3000/signup/confirm/abcDEF123\nor http://x.example/reset-password/Q9";
    expect(redactSecretLinks(text)).toBe(
      "Finish here:\nhttp://localhost:3000/signup/confirm/[redacted]\nor http://x.example/reset-password/[redacted]",
    );
    expect(redactUrl("/signup")).toBe("/signup");
  });

  it("leaves ordinary addresses alone", () => {
    expect(redactUrl("/catalog?q=solar&page=2")).toBe("/catalog?q=solar&page=2");
    expect(redactUrl("/sessions/12")).toBe("/sessions/12");
    expect(redactUrl("/admin/invitations")).toBe("/admin/invitations");
  });
});

describe("requestIdFrom", () => {
  it("keeps a proxy's plausible id and replaces anything else", () => {
    expect(requestIdFrom("edge-7f3a.42")).toBe("edge-7f3a.42");
    expect(requestIdFrom("with spaces\nand a newline")).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom("x".repeat(65))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
