import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import { openPage, requireChromium, serveSite, watchForProblems } from "../helpers/browser.js";
import { TEST_PASSWORD } from "../helpers/staff.js";

/** Links a crawl must not follow: they change state, leave the site or download files. */
const NOT_PAGES =
  /\/(sign-out|logout)\b|\.(csv|xml|json|jpe?g|png|webp|avif|gif|svg|ico|css|js)(\?|$)|^mailto:|#/;
const MAX_PAGES = 150;

/** Every same-origin page reachable by links from `start`, breadth first (at most MAX_PAGES). */
async function crawl(page: Page, baseUrl: string, start: string, within: (path: string) => boolean) {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0 && seen.size <= MAX_PAGES) {
    const path = queue.shift() as string;
    const response = await page.goto(`${baseUrl}${path}`);
    assert.ok(response, path);
    const links = await page.$$eval("a[href]", (anchors) =>
      anchors.map((anchor) => anchor.getAttribute("href") ?? ""),
    );
    for (const href of links) {
      const url = new URL(href, `${baseUrl}${path}`);
      if (url.origin !== baseUrl || NOT_PAGES.test(href)) continue;
      const next = `${url.pathname}${url.search}`;
      if (!seen.has(next) && within(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

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
  const onePerKind = new Map<string, number>();
  const publicPages = await crawl(page, baseUrl, "/", (path) => {
    if (path.startsWith("/admin")) return false;
    const kind = path.replace(/[?].*$/, "").replace(/\/[^/]+\/$/, "/*/");
    onePerKind.set(kind, (onePerKind.get(kind) ?? 0) + 1);
    return (onePerKind.get(kind) ?? 0) <= 4;
  });

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
