import { expect, linkMailedTo, test } from "./fixtures";

test.use({ locale: "en-US" });

test("a form posted from another site is refused with 403 and changes nothing", async ({ request }) => {
  const email = `csrf.${Date.now()}@example.org`;
  const form = { email, password: "a-fine-long-password", name: "Victim", country: "IN", consent: "on" };
  const crossSite: Record<string, string>[] = [{ Origin: "https://evil.example" }, { "Sec-Fetch-Site": "cross-site" }];
  for (const headers of crossSite) {
    const response = await request.post("/signup", { form, headers, maxRedirects: 0 });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("This form was sent from another website");
  }
  // The same form from our own pages goes through, so the refusal above was the origin's doing.
  const sameSite = await request.post("/signup", {
    form,
    headers: { "Sec-Fetch-Site": "same-origin" },
    maxRedirects: 0,
  });
  expect(sameSite.status()).toBe(200);
});

test("sign-in is throttled after five failures in a row, and works again after the wait", async ({
  playwright,
  baseURL,
}) => {
  // A fresh account, so no earlier run's failures count.
  const email = `throttle.${Date.now()}@example.org`;
  const password = "a-long-enough-password";
  const signup = await playwright.request.newContext({ baseURL });
  const asked = await signup.post("/signup", {
    form: { email, password, name: "Throttle Test", country: "KZ", consent: "on" },
    maxRedirects: 0,
  });
  expect(asked.status()).toBe(200);
  const created = await signup.post(new URL(await linkMailedTo(email, "/signup/confirm/")).pathname, {
    maxRedirects: 0,
  });
  expect(created.status()).toBe(302);
  await signup.dispose();
  // A fresh cookie jar for every try, as a password-guessing script would have.
  const post = async (password: string) => {
    const request = await playwright.request.newContext({ baseURL });
    const response = await request.post("/login", { form: { email, password }, maxRedirects: 0 });
    const result = { status: () => response.status(), headers: () => response.headers(), text: await response.text() };
    await request.dispose();
    return result;
  };
  for (let attempt = 1; attempt <= 5; attempt++) expect((await post(`wrong-${attempt}`)).status()).toBe(400);
  const throttled = await post(password);
  expect(throttled.status()).toBe(429);
  const retryAfter = Number(throttled.headers()["retry-after"]);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(throttled.text).toContain("Too many failed attempts.");

  await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 200));
  const success = await post(password);
  expect(success.status()).toBe(302);
  // Success resets the count: one more failure is an ordinary 400, not a 429.
  expect((await post("wrong-again")).status()).toBe(400);
});

test("pages carry a nonce-based CSP that their scripts satisfy, and no X-Powered-By", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/signup");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"]).toBeUndefined();
  // Hydrated: the browser checks the e-mail field as soon as it loses focus.
  await page.getByLabel("E-mail address").fill("nope");
  await page.getByLabel("Password").focus();
  await expect(page.getByText("Enter an e-mail address like name@example.org.")).toBeVisible();
  expect(violations).toEqual([]);
});

test("a signed-in trainee asking for the organizer console gets the 403 page", async ({ page, signIn }) => {
  await signIn("trainee3@example.org");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not allowed");
});

test("signing out ends the session on the server, not only in the browser", async ({ page, signIn, context }) => {
  await signIn("trainee4@example.org");
  await page.goto("/me");
  const cookie = (await context.cookies()).find((c) => c.name === "session");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  // Replaying the old cookie gets nowhere.
  await context.addCookies([{ name: "session", value: cookie?.value ?? "", url: page.url() }]);
  const response = await page.goto("/me");
  expect(page.url()).toContain("/login?redirectTo=%2Fme");
  expect(response?.status()).toBe(200);
});
