import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { createStaffUser } from "../../src/features/accounts/user.service.js";
import type { Mail } from "../../src/features/mail/mailer.js";
import { HOME_LAYOUTS, updateSiteSettings } from "../../src/features/settings/settings.js";
import {
  axeViolations,
  crawl,
  fewPerKind,
  launchBrowser,
  newPage,
  requireChromium,
  serveSite,
  signInStaff,
  WCAG_AA,
} from "../helpers/browser.js";
import { horizontalOverflow, readerPages, seedDiscussion } from "../helpers/reader-pages.js";
import { TEST_PASSWORD } from "../helpers/staff.js";

const SCHEMES = ["light", "dark"] as const;
const DESKTOP = { width: 1280, height: 800 };
const NARROWEST = { width: 320, height: 640 };

/** Signs a reader in the way a reader does: the form, the e-mailed link, the confirm button. */
async function signInReader(page: Page, baseUrl: string, inbox: Mail[], email: string) {
  await page.goto(`${baseUrl}/account/`);
  await page.fill('input[name="email"]', email);
  await page.click('form[action="/account/sign-in"] button[type="submit"]');
  await page.waitForURL(/notice=sent/);
  const link = /https?:\/\/\S+\/account\/sign-in\/\S+/.exec(inbox.at(-1)?.text ?? "")?.[0];
  assert.ok(link, "the sign-in e-mail holds a link");
  await page.goto(`${baseUrl}${new URL(link).pathname}`);
  await page.click(`main form[action^="/account/sign-in/"] button[type="submit"]`);
  await page.waitForURL(`${baseUrl}/account/`);
}

test("axe finds no WCAG 2 A/AA violation on the reader pages and the account pages, in light and dark", {
  timeout: 240_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const inbox: Mail[] = [];
  const { baseUrl, storage } = await serveSite(t, {
    mailer: { send: async (mail) => void inbox.push(mail) },
  });
  await seedDiscussion(storage.db, Date.now());
  const browser = await launchBrowser(t);
  const pages = await readerPages(baseUrl);

  const found: string[] = [];
  for (const colorScheme of SCHEMES) {
    const page = await newPage(browser, { viewport: DESKTOP, colorScheme });
    const audit = async (name: string) => {
      for (const violation of await axeViolations(page, WCAG_AA))
        found.push(`${name} (${colorScheme}): ${violation}`);
    };
    for (const { name, path } of pages) {
      await page.goto(`${baseUrl}${path}`);
      await audit(name);
    }
    await page.goto(`${baseUrl}/account/`);
    await audit("account, signed out");
    await signInReader(page, baseUrl, inbox, `reader-${colorScheme}@example.org`);
    await audit("account, signed in");
    await page.context().close();
  }
  assert.deepEqual(found, []);
});

test("no public page and not the moderation queue scrolls sideways at 320 px", {
  timeout: 240_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveSite(t);
  const browser = await launchBrowser(t);
  const page = await newPage(browser, { viewport: NARROWEST });

  const overflowing: string[] = [];
  const measure = async (path: string) => {
    const extra = await horizontalOverflow(page);
    if (extra > 0) overflowing.push(`${path}: ${extra} px wider than the screen`);
  };
  const visited = await crawl(page, baseUrl, "/", fewPerKind(3), { visit: measure });
  assert.ok(visited.size >= 12, `only ${visited.size} public pages reached`);

  const email = "editor@example.org";
  await createStaffUser(
    storage.db,
    { email, name: "Edda Editor", role: "editor", password: TEST_PASSWORD },
    Date.now(),
  );
  await signInStaff(page, baseUrl, email);
  await page.goto(`${baseUrl}/admin/comments/`);
  await measure("/admin/comments/");
  assert.deepEqual(overflowing, []);
});

test("on a wide screen only the lead story is set large: the cards below it keep the card layout, in every front-page layout", {
  timeout: 120_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveSite(t);
  const browser = await launchBrowser(t);
  const page = await newPage(browser, { viewport: DESKTOP });
  for (const homeLayout of HOME_LAYOUTS) {
    await updateSiteSettings(storage.db, { homeLayout });
    await page.goto(`${baseUrl}/`);
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    const sizes = await page.evaluate(() => ({
      lead: [...document.querySelectorAll(".home-lead .card-title")].map((title) =>
        Number.parseFloat(getComputedStyle(title).fontSize),
      ),
      below: [...document.querySelectorAll(".home-block .card-title")].map((title) =>
        Number.parseFloat(getComputedStyle(title).fontSize),
      ),
      cardsInLead: document.querySelectorAll(".home-lead .card").length,
    }));
    const [lead = 0] = sizes.lead;
    assert.equal(sizes.cardsInLead, 1, `${homeLayout}: one card in the lead`);
    assert.ok(sizes.below.length > 0, `${homeLayout}: cards below the lead`);
    for (const size of sizes.below)
      assert.ok(size <= lead && size <= 24, `${homeLayout}: a card title below the lead is ${size} px`);
  }
});
