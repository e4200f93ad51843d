import { ACCOUNTS, expect, test } from "./fixtures";

test.use({ locale: "en-US" });

test("an organizer suspends an institution, whose sessions leave the catalog, then reinstates it", async ({
  page,
  signIn,
  request,
}) => {
  const count = async () =>
    (
      (await (await request.get("/api/v1/sessions?institution=xiamen-ocean-vocational-college")).json()) as {
        total: number;
      }
    ).total;
  const before = await count();
  expect(before).toBeGreaterThan(0);
  await signIn(ACCOUNTS.organizer);
  await page.goto("/admin/institutions/xiamen-ocean-vocational-college");
  await page.getByRole("button", { name: "Suspend" }).click();
  await expect(page.getByText("Suspended: its sessions are out of the catalog.")).toBeVisible();
  expect(await count()).toBe(0);
  expect((await request.get("/institutions/xiamen-ocean-vocational-college")).status()).toBe(404);
  await page.getByRole("button", { name: "Reinstate" }).click();
  await expect(page.getByRole("button", { name: "Suspend" })).toBeVisible();
  expect(await count()).toBe(before);
});

test("an organizer adds an institution and a domain, and dates a country's group membership", async ({
  page,
  signIn,
}) => {
  const stamp = Date.now().toString(36);
  await signIn(ACCOUNTS.organizer);
  await page.goto("/admin/institutions");
  await page.getByLabel("Address name (slug)").fill(`fujian-institute-${stamp}`);
  await page.getByLabel("Name (English)").fill(`Fujian Research Institute ${stamp}`);
  await page.getByLabel("Name (Chinese)").fill(`福建研究院 ${stamp}`);
  await page.getByLabel("City (English)").fill("Fuzhou");
  await page.getByLabel("Kind").selectOption("research_institute");
  await page.getByLabel("Member since").fill("2024-06-01");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.goto(`/institutions/fujian-institute-${stamp}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Fujian Research Institute ${stamp}`);

  await page.goto("/admin/domains");
  const form = page.getByRole("region", { name: "Add a domain" });
  await form.getByLabel("Address name (slug)").fill(`low-altitude-${stamp}`);
  await form.getByLabel("Name (English)").fill(`Low-altitude economy ${stamp}`);
  await form.getByLabel("Name (Chinese)").fill(`低空经济 ${stamp}`);
  await form.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { name: `Low-altitude economy ${stamp}` })).toBeVisible();

  await page.goto("/admin/country-groups");
  await page.getByLabel("Group").selectOption("brics-partners");
  await page.getByLabel("Country", { exact: true }).selectOption("NG");
  await page.getByLabel("Member from").fill("2025-01-01");
  await page.getByLabel("Member until (empty: still a member)").fill("2024-01-01");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("The end date must be after the start date.")).toBeVisible();
});
