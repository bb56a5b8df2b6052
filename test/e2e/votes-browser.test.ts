import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage, requireChromium, serveDemoSite, watchForProblems } from "../helpers/browser.js";

test("a reader votes without a reload, sees their vote pressed, changes it and takes it back", {
  timeout: 60_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl } = await serveDemoSite(t);
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
  await page.click(".vote-down");
  await page.waitForURL(`${articleUrl}#votes`);
  assert.equal(await page.textContent('[data-field="pointsLabel"]'), "-1 point");
  assert.equal(await page.textContent('[data-field="downPercent"]'), "100.000000%");
  await page.click(".vote-clear");
  await page.waitForLoadState();
  assert.equal(await page.textContent('[data-field="pointsLabel"]'), "0 points");
});
