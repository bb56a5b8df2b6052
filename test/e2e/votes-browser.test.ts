import assert from "node:assert/strict";
import { test } from "node:test";
import { updateSiteSettings } from "../../src/features/settings/settings.js";
import { openPage, requireChromium, serveDemoSite, watchForProblems } from "../helpers/browser.js";

test("a reader votes without a reload, sees their vote pressed, changes it and takes it back", {
  timeout: 60_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveDemoSite(t);
  const page = await openPage(t);
  const problems = await watchForProblems(page);

  await page.goto(`${baseUrl}/`);
  const firstCard = page.locator("article.card h2.card-title a").first();
  const title = await firstCard.textContent();
  await firstCard.click();
  await page.waitForSelector(".vote-widget");
  // A marker on the window survives only if the page is not reloaded.
  await page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 42;
  });
  const points = page.locator('[data-field="pointsLabel"]');
  assert.equal(await points.textContent(), "0 points");

  await page.click(".vote-up");
  await page.waitForFunction(
    () => document.querySelector('[data-field="pointsLabel"]')?.textContent === "1 point",
  );
  assert.equal(await page.getAttribute(".vote-up", "aria-pressed"), "true");
  assert.equal(await page.textContent('[data-field="upPercent"]'), "100.000000%");

  await page.click(".vote-down");
  await page.waitForFunction(
    () => document.querySelector('[data-field="pointsLabel"]')?.textContent === "-1 point",
  );
  assert.equal(await page.getAttribute(".vote-down", "aria-pressed"), "true");
  assert.equal(await page.getAttribute(".vote-up", "aria-pressed"), "false");

  // Pressing the pressed button takes the vote back.
  await page.click(".vote-down");
  await page.waitForFunction(
    () => document.querySelector('[data-field="pointsLabel"]')?.textContent === "0 points",
  );
  assert.equal(await page.textContent('[data-field="total"]'), "0");
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42);

  await page.click(".vote-up");
  await page.waitForFunction(
    () => document.querySelector('[data-field="pointsLabel"]')?.textContent === "1 point",
  );
  await page.reload();
  assert.equal(await page.textContent('[data-field="pointsLabel"]'), "1 point");
  await page.waitForFunction(
    () => document.querySelector(".vote-up")?.getAttribute("aria-pressed") === "true",
  );

  // The home page's card for this article shows its compact score.
  await page.goto(`${baseUrl}/`);
  const card = page.locator("article.card", { hasText: title ?? "" }).first();
  await card.locator(".card-score").waitFor();
  assert.equal(await card.locator(".card-score").textContent(), "1 point · 1 vote");

  // scores.js words the score in the site's language, with the plural forms the page gives it.
  await updateSiteSettings(storage.db, { language: "de" });
  await page.goto(`${baseUrl}/`);
  const germanCard = page.locator("article.card", { hasText: title ?? "" }).first();
  await germanCard.locator(".card-score").waitFor();
  assert.equal(await germanCard.locator(".card-score").textContent(), "1 Punkt · 1 Stimme");
  assert.deepEqual(problems, []);
});

test("Up, Down, Down pressed quickly wait their turn and end with no vote, on the page and in the database", {
  timeout: 60_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveDemoSite(t);
  const page = await openPage(t);
  const problems = await watchForProblems(page);
  await page.goto(`${baseUrl}/`);
  await page.locator("article.card h2.card-title a").first().click();
  await page.waitForSelector(".vote-widget[data-slug]");
  const slug = await page.getAttribute(".vote-widget", "data-slug");
  // All three presses in one task, so each lands while the one before it is still in flight.
  const busyAfterPresses = await page.evaluate(() => {
    for (const name of ["up", "down", "down"])
      document.querySelector<HTMLButtonElement>(`.vote-${name}`)?.click();
    return document.querySelector(".vote-buttons")?.getAttribute("aria-busy");
  });
  assert.equal(busyAfterPresses, "true");
  await page.waitForFunction(() => !document.querySelector(".vote-buttons")?.hasAttribute("aria-busy"));
  assert.equal(await page.textContent('[data-field="pointsLabel"]'), "0 points");
  assert.equal(await page.getAttribute(".vote-up", "aria-pressed"), "false");
  assert.equal(await page.getAttribute(".vote-down", "aria-pressed"), "false");
  assert.equal(await page.isHidden(".vote-clear"), true);

  const stored = await storage.db
    .selectFrom("votes")
    .innerJoin("articles", "articles.id", "votes.article_id")
    .select("votes.value")
    .where("articles.slug", "=", slug ?? "")
    .execute();
  assert.deepEqual(
    stored.filter((row) => row.value !== 0),
    [],
  );
  const counters = await storage.db
    .selectFrom("vote_counters")
    .innerJoin("articles", "articles.id", "vote_counters.article_id")
    .select(["up", "down"])
    .where("articles.slug", "=", slug ?? "")
    .executeTakeFirst();
  assert.deepEqual({ up: counters?.up ?? 0, down: counters?.down ?? 0 }, { up: 0, down: 0 });
  assert.deepEqual(problems, []);
});

test("without JavaScript the vote buttons post a form and come back to the updated widget", {
  timeout: 60_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl } = await serveDemoSite(t);
  const page = await openPage(t, { javaScript: false });
  await page.goto(`${baseUrl}/`);
  await page.locator("article.card h2.card-title a").first().click();
  const articleUrl = page.url();
  assert.equal(await page.isHidden(".vote-clear"), true, "no vote, nothing to take back");
  await page.click(".vote-down");
  await page.waitForURL(`${articleUrl}#votes`);
  assert.equal(await page.textContent('[data-field="pointsLabel"]'), "-1 point");
  assert.equal(await page.textContent('[data-field="downPercent"]'), "100.000000%");
  // The page itself shows the reader's vote pressed: no script set it.
  assert.equal(await page.getAttribute(".vote-down", "aria-pressed"), "true");
  assert.equal(await page.getAttribute(".vote-up", "aria-pressed"), "false");
  await page.click(".vote-clear");
  await page.waitForLoadState();
  assert.equal(await page.textContent('[data-field="pointsLabel"]'), "0 points");
  assert.equal(await page.getAttribute(".vote-down", "aria-pressed"), "false");
  assert.equal(await page.isHidden(".vote-clear"), true);
});
