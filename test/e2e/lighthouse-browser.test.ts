import assert from "node:assert/strict";
import { createServer } from "node:net";
import { type TestContext, test } from "node:test";
import lighthouse from "lighthouse";
import { type SiteSettings, updateSiteSettings } from "../../src/features/settings/settings.js";
import { launchBrowser, requireChromium, serveSite } from "../helpers/browser.js";
import { readerPages, seedDiscussion } from "../helpers/reader-pages.js";

/** The score every category must reach on every page (Lighthouse scores run 0–1). */
const MINIMUM_SCORE = 0.95;
/**
 * Performance is left out of the assertion: Lighthouse times the page's main-thread work on this very
 * machine, and beside the rest of the suite on two cores one article scored 78 and 100 in two runs of
 * the same code. `npm run screenshots` and a quiet run of this file are where it is read.
 */
const CATEGORIES = ["accessibility", "best-practices", "seo"];

/** A port nothing listens on now, for Chromium's DevTools endpoint that Lighthouse connects to. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Runs Lighthouse on every reader page of a demo site with this design, and lists the scores below the mark. */
async function scoresBelowTheMark(t: TestContext, design: Partial<SiteSettings> = {}): Promise<string[]> {
  const { baseUrl, storage } = await serveSite(t);
  await seedDiscussion(storage.db, Date.now());
  await updateSiteSettings(storage.db, design);
  const port = await freePort();
  await launchBrowser(t, [`--remote-debugging-port=${port}`]);

  const below: string[] = [];
  for (const { name, path, indexable } of await readerPages(baseUrl)) {
    // Search results are noindex on purpose: search engines' rules are not theirs to meet.
    const onlyCategories = CATEGORIES.filter((category) => indexable || category !== "seo");
    const result = await lighthouse(`${baseUrl}${path}`, { port, logLevel: "error", onlyCategories });
    assert.ok(result, `Lighthouse returned nothing for ${path}`);
    for (const category of Object.values(result.lhr.categories)) {
      if ((category.score ?? 0) >= MINIMUM_SCORE) continue;
      const failing = category.auditRefs
        .filter((ref) => ref.weight > 0 && (result.lhr.audits[ref.id]?.score ?? 1) < 1)
        .map((ref) => ref.id);
      below.push(
        `${name} ${category.id}: ${Math.round((category.score ?? 0) * 100)} (${failing.join(", ")})`,
      );
    }
  }
  return below;
}

test("Lighthouse (mobile preset) scores every reader page at least 95 in accessibility, best practices and SEO", {
  timeout: 300_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  assert.deepEqual(await scoresBelowTheMark(t), []);
});

test("so does a site designed dark, with its own accent and shipped fonts (Settings → Design)", {
  timeout: 300_000,
}, async (t) => {
  if (!requireChromium(t)) return;
  const design = {
    colorScheme: "dark",
    accentColor: "#1a3a8a",
    headingFont: "literata",
    bodyFont: "inter",
  } as const;
  assert.deepEqual(await scoresBelowTheMark(t, design), []);
});
