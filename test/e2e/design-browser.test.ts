import assert from "node:assert/strict";
import { test } from "node:test";
import { updateSiteSettings } from "../../src/features/settings/settings.js";
import {
  axeViolations,
  launchBrowser,
  newPage,
  requireChromium,
  serveSite,
  WCAG_AA,
  watchForProblems,
} from "../helpers/browser.js";
import { readerPages, seedDiscussion } from "../helpers/reader-pages.js";

test("a forced dark scheme with a custom accent and shipped fonts: no axe violation, nothing loaded from elsewhere, the owner's code runs", {
  timeout: 180_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl, storage } = await serveSite(t);
  await seedDiscussion(storage.db, Date.now());
  await updateSiteSettings(storage.db, {
    // A dark blue, unreadable on the dark paper as it is: the theme must lighten it.
    accentColor: "#1a3a8a",
    headingFont: "source-serif-4",
    bodyFont: "inter",
    colorScheme: "dark",
    headCode: "<script>document.documentElement.dataset.ownerCode = 'ran';</script>",
    footerCode:
      '<style>.owner-note { font-style: italic }</style><p class="owner-note wrap">Printed in the valley.</p>',
  });
  const pages = (await readerPages(baseUrl)).filter(({ name }) => name === "home" || name === "article");
  const browser = await launchBrowser(t);

  const found: string[] = [];
  const elsewhere: string[] = [];
  // The reader's own preference must not matter: the site is dark for both.
  for (const colorScheme of ["light", "dark"] as const) {
    const page = await newPage(browser, { viewport: { width: 1280, height: 800 }, colorScheme });
    const problems = await watchForProblems(page);
    page.on("request", (request) => {
      if (new URL(request.url()).hostname !== "127.0.0.1") elsewhere.push(request.url());
    });
    for (const { name, path } of pages) {
      await page.goto(`${baseUrl}${path}`);
      await page.evaluate(() => document.fonts.ready);
      const look = await page.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        ownerCode: document.documentElement.dataset.ownerCode,
        fonts: [...document.fonts].filter((font) => font.status === "loaded").map((font) => font.family),
        noteStyle: getComputedStyle(document.querySelector(".owner-note") as Element).fontStyle,
      }));
      assert.equal(
        look.background,
        "rgb(21, 23, 26)",
        `${name} is dark for a reader who prefers ${colorScheme}`,
      );
      assert.equal(look.ownerCode, "ran", "the owner's inline script runs under the page's CSP");
      assert.equal(look.noteStyle, "italic", "the owner's inline style applies");
      assert.ok(
        look.fonts.some((family) => family.includes("Inter Variable")),
        `Inter loaded: ${look.fonts}`,
      );
      assert.ok(
        look.fonts.some((family) => family.includes("Source Serif 4 Variable")),
        `Source Serif loaded`,
      );
      for (const violation of await axeViolations(page, WCAG_AA))
        found.push(`${name} (reader prefers ${colorScheme}): ${violation}`);
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  }
  assert.deepEqual(found, []);
  assert.deepEqual(elsewhere, []);
});
