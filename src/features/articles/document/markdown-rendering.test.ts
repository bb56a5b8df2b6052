import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { markdownToDoc } from "./doc.from-markdown.js";
import { renderDoc } from "./doc.render.js";
import { hashtagToTagName } from "./hashtags.js";

/** Markdown as it now reaches the page: converted to a document, then rendered. */
function renderArticleMarkdown(source: string) {
  const { html, hashtags } = renderDoc(markdownToDoc(source));
  return { html, hashtags };
}

const html = (source: string) => renderArticleMarkdown(source).html;
const hashtags = (source: string) => renderArticleMarkdown(source).hashtags;

const hashtagLink = (slug: string, hashtag: string) =>
  `<a class="hashtag" href="/tag/${slug}/" rel="tag">${hashtag}</a>`;

describe("hashtagToTagName", () => {
  it("turns underscores into spaces", () => {
    assert.equal(hashtagToTagName("Deir_ez_Zor"), "Deir ez Zor");
  });

  it("accepts a leading # and collapses runs of underscores", () => {
    assert.equal(hashtagToTagName("#New__York"), "New York");
  });

  it("leaves single words alone", () => {
    assert.equal(hashtagToTagName("USA"), "USA");
  });
});

describe("hashtags", () => {
  it("links a multi-word hashtag to its tag page and reports the tag name", () => {
    const rendered = renderArticleMarkdown("Shelling near #Deir_ez_Zor today.");
    assert.equal(
      rendered.html,
      `<p>Shelling near ${hashtagLink("deir-ez-zor", "#Deir_ez_Zor")} today.</p>\n`,
    );
    assert.deepEqual(rendered.hashtags, ["Deir ez Zor"]);
  });

  it("links hashtags with non-ASCII letters using an ASCII slug", () => {
    const rendered = renderArticleMarkdown("Rain in #Zürich and #USA.");
    assert.equal(
      rendered.html,
      `<p>Rain in ${hashtagLink("zurich", "#Zürich")} and ${hashtagLink("usa", "#USA")}.</p>\n`,
    );
    assert.deepEqual(rendered.hashtags, ["Zürich", "USA"]);
  });

  it("links hashtags surrounded by punctuation and at the start of a line", () => {
    assert.equal(html("#Kyiv"), `<p>${hashtagLink("kyiv", "#Kyiv")}</p>\n`);
    assert.equal(html("(#Kyiv)"), `<p>(${hashtagLink("kyiv", "#Kyiv")})</p>\n`);
  });

  it("lists duplicate hashtags once, in order of first appearance", () => {
    assert.deepEqual(hashtags("#Gaza then #Kyiv then #Gaza and #gaza again"), ["Gaza", "Kyiv"]);
  });

  it("links every occurrence, not just the first", () => {
    assert.equal(html("#Gaza and #Gaza").split('class="hashtag"').length - 1, 2);
  });

  it("collects hashtags from headings, list items and block quotes", () => {
    assert.deepEqual(hashtags("## About #Syria\n\n- #Aleppo\n\n> #Homs"), ["Syria", "Aleppo", "Homs"]);
  });

  it("does not link hashtags inside link text or URLs", () => {
    const rendered = renderArticleMarkdown(
      "[#Tag](https://example.com/) and https://example.com/page#Section",
    );
    assert.equal(
      rendered.html,
      '<p><a href="https://example.com/" rel="noopener">#Tag</a> and ' +
        '<a href="https://example.com/page#Section" rel="noopener">https://example.com/page#Section</a></p>\n',
    );
    assert.deepEqual(rendered.hashtags, []);
  });

  it("does not link # inside words", () => {
    assert.equal(html("I write C# and foo#bar."), "<p>I write C# and foo#bar.</p>\n");
  });

  it("requires a hashtag to start with a letter", () => {
    assert.equal(html("#2024 and ##Double and #_under"), "<p>#2024 and ##Double and #_under</p>\n");
  });

  it("keeps a trailing underscore out of the hashtag", () => {
    assert.equal(html("#Tag_ ok"), `<p>${hashtagLink("tag", "#Tag")}_ ok</p>\n`);
  });

  it("treats '# Title' as a heading but '#Title' as a hashtag", () => {
    assert.deepEqual(renderArticleMarkdown("# Title"), { html: "<h2>Title</h2>\n", hashtags: [] });
    assert.deepEqual(renderArticleMarkdown("#Title"), {
      html: `<p>${hashtagLink("title", "#Title")}</p>\n`,
      hashtags: ["Title"],
    });
  });

  it("leaves a hashtag unlinked when its name has no slug", () => {
    assert.deepEqual(renderArticleMarkdown("#ꙮ"), { html: "<p>#ꙮ</p>\n", hashtags: [] });
  });
});

describe("block quotes", () => {
  it("renders a quote with an attribution line", () => {
    assert.equal(
      html("> We will rebuild.\n>\n> — The mayor"),
      "<blockquote>\n<p>We will rebuild.</p>\n<p>— The mayor</p>\n</blockquote>\n",
    );
  });
});

describe("social link cards", () => {
  it("turns a bare social post URL into a link card", () => {
    assert.equal(
      html("https://twitter.com/user/status/1234567890"),
      '<aside class="link-card"><a href="https://twitter.com/user/status/1234567890" rel="nofollow noopener" ' +
        'class="link-card-link"><span class="link-card-site">X (Twitter)</span> ' +
        '<span class="link-card-url">twitter.com/user/status/1234567890</span></a></aside>\n',
    );
  });

  it("turns a lone markdown link to a social network into a link card", () => {
    assert.equal(
      html("[Watch the speech](https://www.youtube.com/watch?v=abc123)"),
      '<aside class="link-card"><a href="https://www.youtube.com/watch?v=abc123" rel="nofollow noopener" ' +
        'class="link-card-link"><span class="link-card-site">YouTube</span> ' +
        '<span class="link-card-url">www.youtube.com/watch?v=abc123</span></a></aside>\n',
    );
  });

  const networksByUrl: [string, string][] = [
    ["https://x.com/user/status/1", "X (Twitter)"],
    ["https://mobile.twitter.com/user/status/1", "X (Twitter)"],
    ["https://facebook.com/page/posts/1", "Facebook"],
    ["https://www.facebook.com/page/posts/1", "Facebook"],
    ["https://instagram.com/p/abc", "Instagram"],
    ["https://threads.net/@user/post/abc", "Threads"],
    ["https://bsky.app/profile/user.bsky.social/post/3k", "Bluesky"],
    ["https://youtu.be/abc123", "YouTube"],
    ["https://tiktok.com/@user/video/1", "TikTok"],
    ["https://t.me/channel/42", "Telegram"],
    ["https://linkedin.com/posts/abc", "LinkedIn"],
    ["https://mastodon.social/@user/109876543210", "Mastodon"],
    ["https://example.org/@user@other.example/42", "Mastodon"],
  ];
  for (const [url, network] of networksByUrl) {
    it(`labels ${url} as ${network}`, () => {
      assert.match(
        html(url),
        new RegExp(`<span class="link-card-site">${network.replace(/[()]/g, "\\$&")}</span>`),
      );
    });
  }

  it("shortens long URLs to 60 characters ending in an ellipsis", () => {
    const url = `https://www.facebook.com/${"a".repeat(80)}/posts/1`;
    const shown = /<span class="link-card-url">([^<]*)<\/span>/.exec(html(url))?.[1];
    assert.equal(shown, `www.facebook.com/${"a".repeat(42)}…`);
    assert.equal(shown?.length, 60);
  });

  it("keeps an ordinary link as a normal paragraph link", () => {
    assert.equal(
      html("https://example.com/news/story"),
      '<p><a href="https://example.com/news/story" rel="noopener">https://example.com/news/story</a></p>\n',
    );
  });

  it("does not treat a non-numeric @path as a Mastodon post", () => {
    assert.doesNotMatch(html("https://medium.com/@writer/my-story"), /link-card/);
  });

  it("keeps a social link inside other text as a normal link", () => {
    assert.equal(
      html("As posted on https://x.com/user/status/1 earlier"),
      '<p>As posted on <a href="https://x.com/user/status/1" rel="noopener">https://x.com/user/status/1</a> ' +
        "earlier</p>\n",
    );
  });

  it("does not turn two social links in one paragraph into a card", () => {
    assert.doesNotMatch(html("[a](https://x.com/a/status/1) [b](https://x.com/b/status/2)"), /link-card/);
  });

  it("keeps a linked thumbnail image instead of replacing it with a card", () => {
    const rendered = html("[![Thumbnail](https://img.example/t.jpg)](https://youtube.com/watch?v=1)");
    assert.doesNotMatch(rendered, /link-card/);
    assert.match(rendered, /<img src="https:\/\/img.example\/t.jpg"/);
  });

  it("only turns http(s) links into cards", () => {
    assert.doesNotMatch(html("[file](ftp://twitter.com/file)"), /link-card/);
  });

  it("never embeds third-party scripts or iframes", () => {
    const rendered = html("https://www.youtube.com/watch?v=abc\n\nhttps://twitter.com/a/status/1");
    assert.equal(rendered.split('class="link-card"').length - 1, 2);
    assert.doesNotMatch(rendered, /<script|<iframe/);
  });
});

describe("links", () => {
  it("adds rel=noopener to external links", () => {
    assert.equal(
      html("[story](https://example.com/story) and [old](http://example.com/)"),
      '<p><a href="https://example.com/story" rel="noopener">story</a> and ' +
        '<a href="http://example.com/" rel="noopener">old</a></p>\n',
    );
  });

  it("leaves site-relative links without rel", () => {
    assert.equal(html("[about](/about/)"), '<p><a href="/about/">about</a></p>\n');
  });

  it("rejects javascript:, vbscript: and data: link targets", () => {
    for (const source of ["[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](vbscript:msgbox)"]) {
      assert.doesNotMatch(html(source), /<a|href=/i, source);
    }
    assert.doesNotMatch(html("[x](data:text/html;base64,PHNjcmlwdD4=)"), /href=/);
    assert.doesNotMatch(html("<javascript:alert(1)>"), /href=/);
  });

  it("rejects javascript: image sources", () => {
    assert.doesNotMatch(html("![x](javascript:alert(1))"), /<img|src=/);
  });
});

describe("unsafe markup", () => {
  it("escapes raw HTML in the source", () => {
    assert.equal(html("<script>alert(1)</script>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
    assert.equal(html("Hi <img src=x onerror=alert(1)>"), "<p>Hi &lt;img src=x onerror=alert(1)&gt;</p>\n");
  });

  it("escapes markup smuggled into a social link card", () => {
    const rendered = html("[x](https://x.com/<script>/status/1)");
    assert.match(rendered, /link-card/);
    assert.doesNotMatch(rendered, /<script/);
  });
});
