import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { openPage, requireChromium, serveDemoSite, watchForProblems } from "../helpers/browser.js";

/**
 * Waits for `selector` to be visible on the page, failing with the selector and URL in the message, and
 * returns its text as in the DOM (not as CSS displays it, e.g. upper-cased).
 */
async function visible(page: Page, selector: string): Promise<string> {
  const element = page.locator(selector).first();
  try {
    await element.waitFor({ state: "visible", timeout: 5_000 });
  } catch {
    assert.fail(`expected ${selector} to be visible on ${page.url()}`);
  }
  return ((await element.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** Clicks a link and waits until the page it leads to has loaded. */
async function follow(page: Page, selector: string): Promise<string> {
  const link = page.locator(selector).first();
  const href = await link.getAttribute("href");
  assert.ok(href, `${selector} on ${page.url()} has no href`);
  const target = new URL(href, page.url()).href;
  await Promise.all([page.waitForURL(target), link.click()]);
  return target;
}

test("a reader browses from the home page to articles and between them", { timeout: 60_000 }, async (t) => {
  if (!requireChromium(t)) return;
  const { baseUrl } = await serveDemoSite(t);
  const page = await openPage(t);

  const problems = await watchForProblems(page);

  // Home page: a titled list of article cards.
  await page.goto(`${baseUrl}/`);
  const siteTitle = await visible(page, ".site-title");
  assert.ok(siteTitle, "the site header shows the site's title");
  const homeTitle = await page.title();
  assert.ok(homeTitle.includes(siteTitle), `home page <title> ${JSON.stringify(homeTitle)} names the site`);
  const cardLinks = page.locator("article.card h2.card-title a");
  const cardCount = await cardLinks.count();
  assert.ok(cardCount > 0, "the home page lists article cards");
  const cards = await cardLinks.evaluateAll((links) =>
    links.map((link) => ({
      href: (link as HTMLAnchorElement).href,
      headline: link.textContent?.trim() ?? "",
    })),
  );
  const first = cards[0];
  assert.ok(first?.headline, "the first card has a headline");

  // The newest article, reached by clicking its card.
  const firstUrl = await follow(page, "article.card h2.card-title a");
  assert.equal(firstUrl, first.href);
  assert.equal(await visible(page, "article.article h1#article-title"), first.headline);
  assert.ok(
    (await page.title()).startsWith(first.headline),
    "the article's <title> starts with its headline",
  );
  assert.ok(await visible(page, ".standfirst"), "the pull quote is not empty");
  assert.ok(await visible(page, ".featured-image figcaption"), "the featured image has a caption");
  assert.match(await visible(page, ".category-line"), /^In \S/);
  assert.match(await visible(page, ".byline"), /^By \S/);
  assert.ok(await visible(page, ".article-tags"), "the article lists its tags");
  await visible(page, ".prev-next a[rel=prev]");
  assert.equal(
    await page.locator(".prev-next a[rel=next]").count(),
    0,
    "the newest article has no next link",
  );
  await page.screenshot({ path: join(tmpdir(), "masthead-article-browser.png"), fullPage: true });

  // The first listed article that cites sources shows them.
  let withSources: string | undefined;
  for (const card of cards) {
    if (page.url() !== card.href) await page.goto(card.href);
    if ((await page.locator("aside.sources").count()) > 0) {
      withSources = card.href;
      break;
    }
  }
  assert.ok(withSources, "at least one article on the home page has a sources block");
  assert.match(await visible(page, ".sources"), /\S/);
  assert.ok((await page.locator(".sources a[href]").count()) > 0, "the sources block links its sources");

  // Previous article, then back again by its next link.
  if (page.url() !== firstUrl) await page.goto(firstUrl);
  const previousUrl = await follow(page, ".prev-next a[rel=prev]");
  assert.notEqual(previousUrl, firstUrl);
  assert.ok(await visible(page, "article.article h1#article-title"), "the previous article has a title");
  const backUrl = await follow(page, ".prev-next a[rel=next]");
  assert.equal(backUrl, firstUrl, "the previous article's next link leads back to the newest article");
  assert.equal(await visible(page, "article.article h1#article-title"), first.headline);

  assert.deepEqual(problems, [], "no console errors, page errors or CSP violations");
});
