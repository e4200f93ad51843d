import { describe, expect, it } from "vitest";
import { isCrossSiteRequest } from "./security.server";

describe("isCrossSiteRequest", () => {
  const host = "training.example.org";

  it("lets reads through whatever their origin", () => {
    expect(
      isCrossSiteRequest("GET", { origin: "https://evil.example", host, secFetchSite: "cross-site" }, "https"),
    ).toBe(false);
  });

  it("trusts the browser's Sec-Fetch-Site first", () => {
    expect(isCrossSiteRequest("POST", { secFetchSite: "same-origin", host }, "https")).toBe(false);
    expect(isCrossSiteRequest("POST", { secFetchSite: "same-site", host }, "https")).toBe(true);
    expect(isCrossSiteRequest("POST", { secFetchSite: "cross-site", host }, "https")).toBe(true);
  });

  it("falls back to comparing Origin with our own address", () => {
    expect(isCrossSiteRequest("POST", { origin: `https://${host}`, host }, "https")).toBe(false);
    expect(isCrossSiteRequest("POST", { origin: "https://evil.example", host }, "https")).toBe(true);
    expect(isCrossSiteRequest("DELETE", { origin: `http://${host}`, host }, "https")).toBe(true);
  });

  it("lets a request with neither header through: no browser is carrying someone's cookie", () => {
    expect(isCrossSiteRequest("POST", { host }, "https")).toBe(false);
  });
});
