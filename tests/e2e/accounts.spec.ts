import { ACCOUNTS, expect, lastMailTo, linkMailedTo, settle, signInContext, test } from "./fixtures";

test.use({ locale: "en-US" });

test("a trainee from Brazil signs up, signs out, signs in, edits the profile and resets the password", async ({
  page,
  browser,
  baseURL,
}) => {
  const email = `ana.${Date.now()}@example.com.br`;

  await page.goto("/");
  await page.getByRole("link", { name: "Sign up" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create your trainee account");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("samba-and-solder-2026");
  await page.getByLabel("Full name").fill("Ana Souza");
  await page.getByLabel("Country").selectOption({ label: "Brazil" });
  await page.getByLabel("Organization (optional)").fill("SENAI São Paulo");
  await page.getByLabel(/I have read and accept/).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Check your inbox: we sent a message to ${email}.`)).toBeVisible();
  // Nobody is signed in until the address is confirmed.
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto(await linkMailedTo(email, "/signup/confirm/"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Finish creating your account");
  await page.getByRole("button", { name: "Create my account and sign in" }).click();

  await expect(page.getByRole("link", { name: "My profile" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();

  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("not-my-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("The e-mail address or password is not right.");
  await expect(page.getByLabel("E-mail address")).toHaveValue(email);
  await expect(page.getByLabel("Password")).toHaveValue("");

  await page.getByLabel("Password").fill("samba-and-solder-2026");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("link", { name: "My profile" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My profile");
  await page.getByLabel("Full name").fill("Ana Souza Lima");
  await page.getByLabel("Organization (optional)").fill("SENAI Campinas");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Your changes are saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Full name")).toHaveValue("Ana Souza Lima");
  await expect(page.getByLabel("Country")).toHaveValue("BR");

  // Forgotten password, from a signed-out browser.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/login");
  await settle(page);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  // The sign-in page has an "E-mail address" field too: wait for the new page before typing.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Reset your password");
  await page.getByLabel("E-mail address").fill(email.toUpperCase());
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByText(/a link to reset its password is on its way/)).toBeVisible();

  // The organizer sees the message in the outbox (no SMTP server here), but not its key.
  const organizer = await browser.newContext({ locale: "en-US" });
  await signInContext(organizer, ACCOUNTS.organizer, baseURL ?? "");
  const outbox = await organizer.newPage();
  await outbox.goto("/admin/outbox");
  const message = outbox.locator(".mail-message", { hasText: email }).first();
  await expect(message.getByRole("heading")).toHaveText("Reset your password");
  await expect(message).toContainText("/reset-password/[redacted]");
  await organizer.close();
  // The mail itself, as the account's owner receives it.
  const link = await linkMailedTo(email.toLowerCase(), "/reset-password/");

  await page.goto(link ?? "");
  await settle(page);
  await page.getByLabel("New password").fill("password");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("This password is one of the most common ones. Choose another.")).toBeVisible();
  await page.getByLabel("New password").fill("caipirinha-at-the-port-7");
  await page.getByRole("button", { name: "Save the new password" }).click();
  await expect(page.getByText("Your password was changed. Sign in with the new one.")).toBeVisible();

  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill("caipirinha-at-the-port-7");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "My profile" })).toBeVisible();

  // The link works once.
  await page.goto(link ?? "");
  await expect(page.getByText("This link is not valid any more.")).toBeVisible();
});

test("an organizer invites a staff member of Huaqiao University, who accepts and lands in the console", async ({
  page,
  signIn,
  browser,
}) => {
  const email = `wang.${Date.now()}@hqu.example.cn`;
  await signIn(ACCOUNTS.organizer);
  await page.goto("/admin");
  await page.getByRole("link", { name: "Invitations" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invitations");
  await page.getByLabel("Their e-mail address").fill(email);
  await page.getByLabel("Role").selectOption("staff");
  await page.getByLabel("Institution").selectOption({ label: "Huaqiao University" });
  await page.getByLabel("Language of the invitation").selectOption("zh-CN");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`The invitation to ${email} is sent.`)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(email) })).toContainText("Huaqiao University");

  await page.goto("/admin/outbox");
  const message = page.locator(".mail-message", { hasText: email }).first();
  await expect(message.getByRole("heading")).toHaveText("金砖培训联盟平台邀请函");
  await expect(message).toContainText("/invitations/[redacted]");
  const link = await linkMailedTo(email, "/invitations/");

  const invitee = await browser.newContext({ locale: "zh-CN" });
  const staffPage = await invitee.newPage();
  await staffPage.goto(link);
  await settle(staffPage);
  await expect(staffPage.getByRole("heading", { level: 1 })).toHaveText("接受邀请");
  await staffPage.getByLabel("姓名").fill("王芳");
  await staffPage.getByLabel("国家").selectOption("CN");
  await staffPage.getByLabel("密码").fill("hqu-training-office-2026");
  await staffPage.getByRole("button", { name: "创建我的账户" }).click();
  await expect(staffPage).toHaveURL(/\/manage$/);
  await expect(staffPage.getByText("华侨大学的培训项目、课程与培训班。")).toBeVisible();
  await invitee.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-up shows field errors in the user's language and keeps what was typed, never the password", async ({
    page,
  }) => {
    await page.goto("/signup");
    await page.getByLabel("E-mail address").fill("not-an-address");
    await page.getByLabel("Password").fill("short");
    await page.getByLabel("Full name").fill("Олег Петров");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Enter an e-mail address like name@example.org.")).toBeVisible();
    await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
    await expect(page.getByText("Choose your country.")).toBeVisible();
    await expect(page.getByText("You need to accept the privacy notice to create an account.")).toBeVisible();
    await expect(page.getByLabel("Full name")).toHaveValue("Олег Петров");
    await expect(page.getByLabel("E-mail address")).toHaveValue("not-an-address");
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByLabel("E-mail address")).toHaveAttribute("aria-invalid", "true");
  });

  test("an address that has an account, in other letters, gets the same answer as a new one; its owner a mail", async ({
    page,
  }) => {
    await page.goto("/signup");
    await page.getByLabel("E-mail address").fill("Trainee2@Example.ORG");
    await page.getByLabel("Password").fill("a-perfectly-fine-password");
    await page.getByLabel("Full name").fill("Someone Else");
    await page.getByLabel("Country").selectOption("ZA");
    await page.getByLabel(/I have read and accept/).check();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Check your inbox: we sent a message to trainee2@example.org.")).toBeVisible();
    const note = await lastMailTo("trainee2@example.org");
    // In the owner's language, whichever it is: how to sign in or choose a new password.
    expect(note).toMatch(/\/login\n[\s\S]*\/forgot-password\n/);
    expect(note).not.toContain("/signup/confirm/");
  });
});

test("every demo account in the README signs in with demo-password", async ({ page }) => {
  // Eight whole sign-ins, each hashing a password on the server: more than one test's usual time.
  test.setTimeout(90_000);
  for (const email of [
    "organizer@example.org",
    "staff@xiamen-university.example.org",
    "staff@huaqiao-university.example.org",
    "staff@xiamen-technician-college.example.org",
    "staff@xiamen-ocean-vocational-college.example.org",
    "staff@xiamen-city-vocational-college.example.org",
    "trainee1@example.org",
    "trainee50@example.org",
  ]) {
    // Signing in switches to the profile's language; each account starts from an English browser.
    await page.context().clearCookies();
    await page.goto("/login");
    await settle(page);
    await page.getByLabel("E-mail address").fill(email);
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const signOut = page.locator('form[action="/logout"] button');
    await expect(signOut, email).toBeVisible();
    await signOut.click();
    await expect(page.locator('a[href^="/login"]').first()).toBeVisible();
  }
});
