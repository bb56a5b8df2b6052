import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { demoArticles } from "../../demo/demo-content.js";
import { htmlToDoc } from "./doc.from-html.js";
import { markdownToDoc } from "./doc.from-markdown.js";
import { renderDoc, sanitizeBodyHtml } from "./doc.render.js";
import { checkDoc } from "./doc.schema.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/editor/${name}`, import.meta.url), "utf8");
const collapse = (html: string) => html.replace(/\s+/g, " ").trim();
const fromMarkdown = (source: string) => renderDoc(checkDoc(markdownToDoc(source))).html;
const pasted = (name: string) => renderDoc(checkDoc(htmlToDoc(fixture(name)))).html;

describe("markdownToDoc", () => {
  it("every demo article looks the same as its Markdown rendering did before the migration", () => {
    const before = JSON.parse(fixture("demo-bodies-before.json")) as Record<string, string>;
    assert.equal(Object.keys(before).length, demoArticles.length);
    for (const article of demoArticles) {
      const expected = before[article.title];
      assert.ok(expected, article.title);
      assert.equal(
        collapse(fromMarkdown(article.bodyMarkdown)),
        collapse(sanitizeBodyHtml(expected)),
        article.title,
      );
    }
  });

  it("keeps headings (one level down, h4 at most), marks, links, lists and quotes", () => {
    assert.equal(
      fromMarkdown("# Top\n\n#### Deep\n\n**b** *i* [l](https://a.example/)\n\n1. one\n2. two\n\n> q"),
      '<h2>Top</h2>\n<h4>Deep</h4>\n<p><strong>b</strong> <em>i</em> <a href="https://a.example/" rel="noopener">l</a></p>\n' +
        "<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n<blockquote>\n<p>q</p>\n</blockquote>\n",
    );
  });

  it("turns a lone image into a figure with its caption and a lone social link into a card", () => {
    assert.equal(
      fromMarkdown('![A boat](/media/boat.jpg "At dawn")'),
      '<figure class="article-figure"><img src="/media/boat.jpg" alt="A boat" loading="lazy" /><figcaption>At dawn</figcaption></figure>\n',
    );
    assert.match(fromMarkdown("https://bsky.app/profile/a/post/1"), /<aside class="link-card">.*Bluesky/);
    assert.match(fromMarkdown("See https://bsky.app/profile/a/post/1 now"), /^<p>See <a href/);
  });

  it("keeps raw HTML as text and drops script links", () => {
    assert.equal(fromMarkdown("<script>x</script>"), "<p>&lt;script&gt;x&lt;/script&gt;</p>\n");
    assert.equal(fromMarkdown("[x](javascript:alert(1))"), "<p>[x](javascript:alert(1))</p>\n");
  });
});

describe("htmlToDoc (paste and import)", () => {
  it("Google Docs: keeps headings, bold, italic, links and lists; drops the non-bold wrapper, spans and styles", () => {
    assert.equal(
      pasted("google-docs.html"),
      "<h2>Harbour dredging costs double</h2>\n" +
        "<p>The cost of keeping the channel open has <strong>roughly doubled</strong> in five years, the " +
        '<em>Harbour Authority</em> said, according to <a href="https://example.org/report?id=7" rel="noopener">its annual report</a>.</p>\n' +
        "<h3>What changed</h3>\n<ul>\n<li>Silt from the upper Vale</li>\n<li>Larger ferries</li>\n</ul>\n" +
        '<p>Tagged <a class="hashtag" href="/tag/port-averill/" rel="tag">#Port_Averill</a> in the notes.</p>\n',
    );
  });

  it("Word: turns mso-list paragraphs into real lists, keeps bold/italic/quotes, drops o:p, fonts and tracking", () => {
    assert.equal(
      pasted("word.html"),
      "<h2>Ferry plan goes electric</h2>\n" +
        "<p>The Harbour Authority will replace its <strong>four diesel ferries</strong> with <em>battery-electric</em> vessels, <strong>starting in 2028</strong>.</p>\n" +
        "<ul>\n<li>Two vessels in 2028</li>\n<li>Two more in 2030</li>\n</ul>\n<h3>Costs</h3>\n<ol>\n<li>Vessels</li>\n<li>Chargers</li>\n</ol>\n" +
        '<blockquote>\n<p><em>“It is the biggest change in a century,” </em>said the harbour master. See <a href="https://harbour.example/plan?page=2" rel="noopener">the plan</a>.</p>\n</blockquote>\n',
    );
  });

  it("web pages: drops scripts, iframes, event handlers and javascript: links; keeps figures with captions", () => {
    const out = pasted("web-page.html");
    assert.doesNotMatch(
      out,
      /script|iframe|onclick|onerror|javascript|class="(?:lead|caption|x)"|<font|face=/i,
    );
    assert.match(
      out,
      /<figure class="article-figure"><img src="https:\/\/cdn.news.example\/otter.jpg" alt="An otter on the bank" loading="lazy" width="1200" height="800" \/><figcaption>An otter near Millbrook. Photo: J. Reed<\/figcaption><\/figure>/,
    );
    assert.match(out, /<p>Read more or <a href="\/otters\/">our otter page<\/a>.<\/p>/);
    assert.match(out, /<li>\n<p>Millbrook<\/p>\n<ul>\n<li>East bank<\/li>/);
    assert.match(out, /<p>Plain old font tag<\/p>/);
  });

  it("gives an empty document for nothing but junk", () => {
    assert.deepEqual(htmlToDoc("<style>p{}</style><!-- x --><p>  &nbsp; </p><br>"), {
      type: "doc",
      content: [],
    });
  });
});
