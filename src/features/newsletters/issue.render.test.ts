import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { HtmlValidate } from "html-validate";
import { launchBrowser, requireChromium } from "../../../test/helpers/browser.js";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import type { Db } from "../../storage/storage.js";
import { findPublicArticle } from "../articles/article.queries.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { EMAIL_WIDTH, renderIssue, UNSUBSCRIBE_PLACEHOLDER } from "./issue.render.js";

const NOW = Date.UTC(2026, 11, 2, 8);
const validator = new HtmlValidate({
  extends: ["html-validate:recommended"],
  rules: {
    "long-title": "off",
    "void-style": "off",
    // Mail clients ignore <style> blocks or strip them; juice moves every rule it can into style="".
    "no-inline-style": "off",
  },
});

async function renderedStory(db: Db) {
  const article = await makeArticle(db, NOW, {
    title: "Harbour wall repaired after the winter storms",
    body: markdownToDoc(
      [
        "The council's crews finished a week early.",
        "",
        "![Crews on the harbour wall at dawn](/media/2026/11/AbCdEfGhIjKlMnOp-1280.webp)",
        "",
        "Read [the council's report](/category/politics/) for the costs.",
      ].join("\n"),
    ),
    image: {
      url: "/media/2026/11/QrStUvWxYz012345-1920.webp",
      alt: "The repaired harbour wall",
      caption: "",
      credit: "",
      width: 1920,
      height: 1080,
    },
    attributions: [{ kind: "source", outlet: "Port Authority", url: "https://port.example/report" }],
  });
  const detail = await findPublicArticle(db, article.slug, NOW);
  assert.ok(detail);
  return renderIssue([detail], {
    siteUrl: "https://ledger.example",
    siteTitle: "The Harbour Ledger",
    newsletterName: "Breaking news",
  });
}

for (const dialect of testDialects()) {
  describe(`newsletter issue rendering (${dialect})`, () => {
    test("valid HTML, styles inlined, images at e-mail width with alt text, a plain-text part", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const { subject, html, text } = await renderedStory(storage.db);
      assert.equal(subject, "Harbour wall repaired after the winter storms");
      const report = await validator.validateString(html);
      const problems = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
      assert.deepEqual(problems, []);

      assert.doesNotMatch(html, /<link[^>]+stylesheet/i, "no external CSS");
      assert.match(html, /<a[^>]+class="button"[^>]+style="[^"]*background/, "styles are inlined");
      const images = [...html.matchAll(/<img\b[^>]*>/g)].map((match) => match[0]);
      assert.equal(images.length, 2);
      for (const image of images) {
        assert.match(image, /\balt="[^"]+"/);
        const width = Number(/\bwidth="(\d+)"/.exec(image)?.[1]);
        assert.ok(width > 0 && width <= EMAIL_WIDTH, image);
        // JPEG copies from the media library (mail clients lack WebP), at most twice 600 px, absolute URLs.
        assert.match(image, /src="https:\/\/ledger\.example\/media\/2026\/11\/[A-Za-z0-9]+-960\.jpg"/);
      }
      assert.match(html, /href="https:\/\/ledger\.example\/category\/politics\/"/, "links are absolute");
      assert.ok(html.includes(`href="${UNSUBSCRIBE_PLACEHOLDER}"`));
      for (const words of ["Read and vote online", "Support us", "Port Authority"]) {
        assert.ok(html.includes(words), words);
        assert.ok(text.includes(words), words);
      }
      assert.match(text, /The council’s crews finished a week early\.\n\nRead the council’s report/);
    });
  });
}

test("the issue reads in a 600 px wide Chromium window", async (t) => {
  if (!requireChromium(t)) return;
  const { storage, dispose } = await openTestStorage("sqlite");
  t.after(dispose);
  const { html } = await renderedStory(storage.db);
  const browser = await launchBrowser(t);
  const page = await browser.newPage({ viewport: { width: EMAIL_WIDTH, height: 900 } });
  // Offline: the images' hosts are not ours to fetch in a test; the layout must hold without them.
  await page.route("**/*", (route) => route.abort());
  await page.setContent(html);
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    headingWidth: document.querySelector("h1")?.getBoundingClientRect().width ?? 0,
    fontSize: Number.parseFloat(getComputedStyle(document.querySelector("p") as Element).fontSize),
  }));
  assert.ok(layout.scrollWidth <= EMAIL_WIDTH, `no sideways scrolling (${layout.scrollWidth} px)`);
  assert.ok(layout.headingWidth > 300, "the headline uses the column");
  assert.ok(layout.fontSize >= 14, "body text is readable");
  const dir = mkdtempSync(join(tmpdir(), "masthead-issue-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const shot = join(dir, "issue-600.png");
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(statSync(shot).size > 10_000, "the screenshot shows the issue");
});
