import assert from "node:assert/strict";
import { test } from "node:test";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import {
  crawl,
  fewPerKind,
  openPage,
  requireChromium,
  serveSite,
  watchForProblems,
} from "../helpers/browser.js";
import { TEST_PASSWORD } from "../helpers/staff.js";

test("every page a reader or an owner can reach by links loads with no CSP violation, error or broken link", {
  timeout: 300_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveSite(t);
  const email = "owner@example.org";
  await createStaffUser(
    storage.db,
    { email, name: "Olive Owner", role: "owner", password: TEST_PASSWORD },
    Date.now(),
  );
  const page = await openPage(t);
  const problems = await watchForProblems(page);

  // Public pages: pagination and search variants are kept to a few, so the crawl covers kinds of page.
  const publicPages = await crawl(page, baseUrl, "/", fewPerKind(4));

  await page.goto(`${baseUrl}/admin/`);
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="password"]', TEST_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL(`${baseUrl}/admin/`);
  const staffPages = await crawl(page, baseUrl, "/admin/", (path) => path.startsWith("/admin"));

  assert.ok(publicPages.size >= 15, `only ${publicPages.size} public pages reached`);
  assert.ok(staffPages.size >= 8, `only ${staffPages.size} staff pages reached`);
  assert.deepEqual(problems, []);
});
