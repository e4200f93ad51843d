import { expect, settle, test } from "./fixtures";

test.describe("a trainee in São Paulo", () => {
  test.use({ locale: "pt-BR", timezoneId: "America/Sao_Paulo" });

  test("sees the catalog in Portuguese, with a Xiamen session's time in their own zone and the day change", async ({
    page,
  }) => {
    // The 2021 legal-issues training: 15:00 in Xiamen is 04:00 the same day in São Paulo.
    await page.goto("/catalog?q=legal+issues&from=2021-09-16&to=2021-09-16");
    await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
    await expect(page.getByRole("heading", { level: 1, name: "Catálogo" })).toBeVisible();
    await expect(page.getByText("1 turma", { exact: true })).toBeVisible();
    const card = page.locator(".session-card").first();
    await expect(card.locator(".viewer-time")).toContainText("Seu horário (America/Sao_Paulo)");
    await expect(card.locator(".viewer-time")).toContainText("16 de set. de 2021 04:00");
    // The 2021 market-entry training: 20:00 in Xiamen is 09:00 the same morning in São Paulo,
    // and a session at 09:00 in Xiamen starts the evening before there.
    await page.goto("/catalog?from=2021-05-25&to=2021-05-25");
    await expect(page.locator(".viewer-time").first()).toContainText("no dia anterior");
    // Country names come from the country library, in Portuguese and in Portuguese order.
    await page.goto("/signup");
    const countries = await page.getByLabel("País").locator("option").allTextContents();
    for (const name of ["Brasil", "Rússia", "Índia", "China", "África do Sul"]) expect(countries).toContain(name);
    expect(countries.indexOf("África do Sul")).toBeLessThan(countries.indexOf("Brasil"));
  });
});

test.use({ locale: "en-US" });

test("the catalog's filters combine and stay in the URL", async ({ page }) => {
  await page.goto("/catalog");
  await settle(page);
  await page.getByLabel("Search").fill("Xiamen");
  await page.getByLabel("Mode").selectOption("online");
  await page.getByLabel("Language of instruction").selectOption("en");
  await page.getByLabel("Only with free seats").check();
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/q=Xiamen/);
  await expect(page).toHaveURL(/mode=online/);
  await expect(page).toHaveURL(/lang=en/);
  await expect(page).toHaveURL(/seats=1/);
  await expect(page.getByLabel("Search")).toHaveValue("Xiamen");
  // Retrying assertions: the URL changes before the new results have rendered.
  await expect(page.locator(".session-card .badge").first()).toHaveText("Online");
  await expect(page.locator(".session-card .badge").filter({ hasNotText: "Online" })).toHaveCount(0);
});

test("the API lists the same sessions as the catalog page for the same filters", async ({ page, request }) => {
  for (const query of [
    "mode=hybrid",
    "q=university&lang=en",
    "from=2021-01-01&to=2021-12-31",
    "seats=1&mode=offline",
    // Case and accents folded alike on the page and in the API, in every script.
    `q=${encodeURIComponent("Производство")}`,
    "q=gestao",
    `q=${encodeURIComponent("Intelligent manufacturing")}`,
  ]) {
    const apiIds = async () => {
      const api = await request.get(`/api/v1/sessions?${query}&limit=20`);
      expect(api.status()).toBe(200);
      expect(api.headers()["access-control-allow-origin"]).toBe("*");
      const body = (await api.json()) as { sessions: { id: number }[]; total: number };
      return { ids: body.sessions.map((s) => s.id), total: body.total };
    };
    // Other tests add sessions while this one runs: compare the page with an API answer that
    // did not change while the page loaded (asked before and after it).
    for (let attempt = 1; ; attempt++) {
      const before = await apiIds();
      await page.goto(`/catalog?${query}`);
      const pageIds = await page
        .locator(".session-card h3 a")
        .evaluateAll((links) => links.map((a) => Number(a.getAttribute("href")?.split("/").pop())));
      const after = await apiIds();
      if (JSON.stringify(before) !== JSON.stringify(after) && attempt < 5) continue;
      expect(after.ids, query).toEqual(pageIds);
      await expect(page.getByRole("status")).toContainText(String(after.total));
      break;
    }
  }
});

test("the API finds the 2021 IP training by 知识产权 and by 'intellectual property', and shows nothing personal", async ({
  request,
}) => {
  const search = async (q: string) => {
    const response = await request.get(`/api/v1/sessions?from=2021-01-01&to=2021-12-31&q=${encodeURIComponent(q)}`);
    return ((await response.json()) as { sessions: Record<string, unknown>[] }).sessions;
  };
  const chinese = await search("知识产权");
  const english = await search("intellectual property");
  expect(chinese.map((s) => s.id)).toEqual(english.map((s) => s.id));
  const ip = english.find((s) => s.title === "Improving the IP capability of BRICS enterprises");
  expect(ip).toBeDefined();
  const one = await request.get(`/api/v1/sessions/${String(ip?.id)}?locale=zh-CN`);
  const session = (await one.json()) as Record<string, unknown>;
  expect(session).toMatchObject({
    id: ip?.id,
    title: "金砖国家企业知识产权提升",
    institution: { slug: "huaqiao-university", name: "华侨大学" },
    startsAt: "2021-10-27T01:00:00.000Z",
    timeZone: "Asia/Shanghai",
    mode: "hybrid",
    status: "completed",
  });
  for (const key of ["startsAt", "endsAt"]) expect(String(session[key])).toMatch(/Z$/);
  const text = JSON.stringify(session);
  expect(text).not.toContain("joinUrl");
  expect(text).not.toContain("meeting.example.org");
  expect(text).not.toContain("@example.org");
});

test("session and course pages carry schema.org JSON-LD", async ({ page }) => {
  await page.goto("/sessions/1");
  const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "{}") as {
    "@type": string;
    hasCourseInstance: { "@type": string; courseMode: string }[];
  };
  expect(data["@type"]).toBe("Course");
  expect(data.hasCourseInstance[0]).toMatchObject({ "@type": "CourseInstance", courseMode: "online" });
});
