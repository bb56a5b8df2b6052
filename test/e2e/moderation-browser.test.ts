import assert from "node:assert/strict";
import { test } from "node:test";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import { openPage, requireChromium, serveSite, watchForProblems } from "../helpers/browser.js";
import { seedComment } from "../helpers/comments.js";
import { makeArticle } from "../helpers/factories.js";
import { TEST_PASSWORD } from "../helpers/staff.js";

test("the moderation queue fits a 390 px phone: spaced tabs, a row's own buttons, an empty bulk action explained in place", {
  timeout: 90_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveSite(t, { demo: false });
  const now = Date.now();
  const article = await makeArticle(storage.db, now, {
    title: "A headline long enough to wrap on a phone, about the harbour wall and its cost",
  });
  for (const text of ["First held comment.", `Unbroken: ${"x".repeat(120)}`, "Third held comment."]) {
    await seedComment(storage.db, {
      articleId: article.id,
      now,
      text,
      policy: "hold-all",
      name: "Rhiannon Longname-Reader",
    });
  }
  await createStaffUser(
    storage.db,
    { email: "ed@example.org", name: "Edda Editor", role: "editor", password: TEST_PASSWORD },
    now,
  );

  const page = await openPage(t);
  const problems = await watchForProblems(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${baseUrl}/admin/signin`);
  await page.fill('input[name="email"]', "ed@example.org");
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${baseUrl}/admin/`);
  await page.goto(`${baseUrl}/admin/comments/`);

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width} px wide at a 390 px viewport`);
  // Where each tab's words are drawn (not its box): "HeldReported…" is words with no room between them.
  const tabs = await page.$$eval(".tabs a", (links) =>
    links.map((link) => {
      const words = document.createRange();
      words.selectNodeContents(link);
      const box = words.getBoundingClientRect();
      return { left: box.left, right: box.right, top: box.top };
    }),
  );
  assert.equal(tabs.length, 4);
  for (let i = 1; i < tabs.length; i++) {
    const [before, after] = [tabs[i - 1], tabs[i]];
    assert.ok(before && after);
    const apart = after.top > before.top || after.left - before.right >= 8;
    assert.ok(apart, `tabs ${i} and ${i + 1} touch: ${JSON.stringify([before, after])}`);
  }

  // A bulk action with nothing ticked: the queue again, the reason beside the buttons.
  await page.click('.bulk-actions button[value="approve"]');
  const alert = page.locator('[role="alert"]');
  assert.match((await alert.textContent()) ?? "", /Tick at least one comment/);
  assert.equal(await page.locator(".comment-queue tbody tr").count(), 3);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);

  // A row's own Approve publishes that comment only.
  await page.locator(".comment-queue tbody tr").first().locator('button[value="approve"]').click();
  await page.waitForURL(/notice=saved/);
  assert.equal(await page.locator(".comment-queue tbody tr").count(), 2);
  // The refused bulk action answers 400 on purpose (the form shown again); nothing else may fail.
  const refused = /HTTP 400 for .*\/admin\/comments\/moderate|status of 400 .*\/admin\/comments\/moderate/;
  assert.deepEqual(
    problems.filter((line) => !refused.test(line)),
    [],
  );
});
