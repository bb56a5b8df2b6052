import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { updateArticle } from "../../src/features/articles/article.service.js";
import { markdownToDoc } from "../../src/features/articles/document/doc.from-markdown.js";
import { buildTestApp, type TestApp } from "../helpers/app.js";
import { testDialects } from "../helpers/databases.js";
import { articleInput, HOUR, makeArticle, makeAuthor, makeCategory } from "../helpers/factories.js";

async function seedFront(testApp: TestApp) {
  const { db } = testApp.storage;
  const now = testApp.now();
  const category = await makeCategory(db, "Middle East");
  const author = await makeAuthor(db, "Nadia Reporter");
  const older = await makeArticle(db, now, {
    title: "Older story",
    publishedAt: now - 5 * HOUR,
    categoryIds: [category.id],
  });
  const main = await makeArticle(db, now, {
    title: "Ministry doubles down",
    standfirst: "The main thing is not military capability.",
    body: markdownToDoc("Opening paragraph.\n\n> A quote.\n\nSeen north of #Deir_ez_Zor."),
    categoryIds: [category.id],
    authorIds: [author.id],
    tagNames: ["Syria"],
    publishedAt: now - 2 * HOUR,
    image: {
      url: "/media/x.jpg",
      alt: "Aerial photo",
      caption: "The aerial photos",
      credit: "Photo: Ministry",
      width: 1200,
      height: 675,
    },
    attributions: [
      { kind: "via", outlet: "Wire One", url: "https://example.com/story" },
      { kind: "quoted", outlet: "Agency Two", url: null },
    ],
  });
  const newer = await makeArticle(db, now, { title: "Newer story", publishedAt: now - HOUR });
  const draft = await makeArticle(db, now, { title: "Secret draft", status: "draft", publishedAt: null });
  const scheduled = await makeArticle(db, now, { title: "Tomorrow's story", publishedAt: now + HOUR });
  return { category, author, older, main, newer, draft, scheduled };
}

const positionsInOrder = (html: string, markers: string[]) => {
  const positions = markers.map((marker) => html.indexOf(marker));
  for (const [i, position] of positions.entries()) assert.ok(position >= 0, `missing ${markers[i]}`);
  return positions.every((position, i) => i === 0 || position > (positions[i - 1] ?? 0));
};

for (const dialect of testDialects()) {
  describe(`public pages on ${dialect}`, () => {
    it("shows every element of the article page, in the reference order", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { main } = await seedFront(testApp);
      const response = await testApp.app.inject(`/${main.slug}/`);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /text\/html; charset=utf-8/);
      const html = response.body;
      assert.ok(html.startsWith("<!DOCTYPE html>"));
      assert.ok(
        positionsInOrder(html, [
          'class="category-line">In <a href="/category/',
          '<h1 id="article-title">Ministry doubles down</h1>',
          '<p class="standfirst">The main thing is not military capability.</p>',
          "By <a",
          "<figcaption>The aerial photos",
          "Photo: Ministry",
          "<blockquote>",
          'href="/tag/deir-ez-zor/"',
          '<aside class="sources"',
          'Via <a href="https://example.com/story" rel="nofollow noopener">Wire One</a>',
          "Quoted by Agency Two",
          'class="article-tags"',
          'rel="prev" href="/older-story/"',
          'rel="next" href="/newer-story/"',
          'class="related"',
        ]),
        "elements out of order",
      );
      const jsonLd = JSON.parse(
        /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1] ?? "{}",
      );
      assert.equal(jsonLd["@type"], "NewsArticle");
      assert.equal(jsonLd.headline, "Ministry doubles down");
      assert.deepEqual(
        jsonLd.citation.map((c: { publisher: { name: string } }) => c.publisher.name),
        ["Wire One", "Agency Two"],
      );
      assert.match(jsonLd.author[0].url, /^https:\/\/news\.example\.test\/author\/[a-z0-9-]+\/$/);
      assert.match(
        html,
        /<link rel="canonical" href="https:\/\/news.example.test\/ministry-doubles-down\/">/,
      );
    });

    it("lists articles on the home, category, tag and author pages", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { category, author } = await seedFront(testApp);
      const home = await testApp.app.inject("/");
      assert.equal(home.statusCode, 200);
      assert.ok(positionsInOrder(home.body, ["Newer story", "Ministry doubles down", "Older story"]));
      assert.ok(!home.body.includes("Secret draft") && !home.body.includes("Tomorrow"));
      for (const path of [
        `/category/${category.slug}/`,
        "/tag/syria/",
        "/tag/deir-ez-zor/",
        `/author/${author.slug}/`,
      ]) {
        const page = await testApp.app.inject(path);
        assert.equal(page.statusCode, 200, path);
        assert.match(page.body, /Ministry doubles down/, path);
        if (!path.startsWith("/category/")) assert.doesNotMatch(page.body, /Older story/, path);
      }
      const redirect = await testApp.app.inject(`/category/${category.slug}`);
      assert.equal(redirect.statusCode, 301);
      assert.equal(redirect.headers.location, `/category/${category.slug}/`);
    });

    it("paginates, and answers past-the-end or silly page numbers with 404 or 400", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      for (let i = 0; i < 14; i++)
        await makeArticle(testApp.storage.db, testApp.now(), { title: `Story ${i}` });
      assert.ok(db);
      const page2 = await testApp.app.inject("/?page=2");
      assert.equal(page2.statusCode, 200);
      assert.match(page2.body, /rel="prev" href="\/"/);
      assert.doesNotMatch(page2.body, /rel="next"/);
      assert.equal((await testApp.app.inject("/?page=3")).statusCode, 404);
      for (const query of ["page=abc", "page=0", "page=-1", "page=999999999", "page=1.5"]) {
        const response = await testApp.app.inject(`/?${query}`);
        assert.equal(response.statusCode, 400, query);
        assert.match(response.body, /<h1 id="error-title">Bad request<\/h1>/, query);
      }
    });

    it("keeps drafts and not-yet-due articles from the public, and shows them when due", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { draft, scheduled, newer } = await seedFront(testApp);
      for (const slug of [draft.slug, scheduled.slug]) {
        const response = await testApp.app.inject(`/${slug}/`);
        assert.equal(response.statusCode, 404);
        assert.match(response.body, /Page not found/);
      }
      // The newest page and the home page are cached now; the scheduled article must still appear on time.
      assert.doesNotMatch((await testApp.app.inject(`/${newer.slug}/`)).body, /Tomorrow/);
      testApp.setNow(testApp.now() + HOUR);
      assert.equal((await testApp.app.inject(`/${scheduled.slug}/`)).statusCode, 200);
      assert.match((await testApp.app.inject("/")).body, /Tomorrow&#39;s story/);
      assert.match(
        (await testApp.app.inject(`/${newer.slug}/`)).body,
        /rel="next" href="\/tomorrow-s-story\/"/,
      );
    });

    it("shows an edit on the next request and sends old slugs to the new URL", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { main } = await seedFront(testApp);
      assert.match((await testApp.app.inject(`/${main.slug}/`)).body, /Ministry doubles down/);
      assert.match((await testApp.app.inject("/")).body, /Ministry doubles down/);
      await updateArticle(
        testApp.storage.db,
        main.id,
        articleInput({
          title: "Ministry repeats claim",
          slug: "ministry-repeats-claim",
          standfirst: "",
          body: markdownToDoc("Edited."),
          publishedAt: main.publishedAt,
        }),
        main.revision,
        testApp.now(),
      );
      const moved = await testApp.app.inject(`/${main.slug}/`);
      assert.equal(moved.statusCode, 301);
      assert.equal(moved.headers.location, "/ministry-repeats-claim/");
      assert.match((await testApp.app.inject("/ministry-repeats-claim/")).body, /<p>Edited.<\/p>/);
      assert.match((await testApp.app.inject("/")).body, /Ministry repeats claim/);
    });

    it("sends an article slug in capitals to its lowercase URL", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { main } = await seedFront(testApp);
      const shouting = main.slug.replace(
        /(^|-)([a-z])/g,
        (_match, dash: string, letter: string) => dash + letter.toUpperCase(),
      );
      for (const [url, location] of [
        [`/${shouting}/`, `/${main.slug}/`],
        [`/${shouting}/?page=2`, `/${main.slug}/?page=2`],
        [`/${shouting}`, `/${main.slug}/`],
        [`/${main.slug.toUpperCase()}/`, `/${main.slug}/`],
      ]) {
        const response = await testApp.app.inject(String(url));
        assert.equal(response.statusCode, 301, url);
        assert.equal(response.headers.location, location, url);
      }
      assert.equal((await testApp.app.inject(`/${main.slug}/`)).statusCode, 200);
    });

    it("sends a section, tag or author slug in capitals, and their feeds, to the lowercase URL", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { category, author } = await seedFront(testApp);
      const upper = (slug: string) => slug.toUpperCase();
      for (const [url, location] of [
        [`/category/${upper(category.slug)}/`, `/category/${category.slug}/`],
        [`/category/${upper(category.slug)}/?page=2`, `/category/${category.slug}/?page=2`],
        [`/category/${upper(category.slug)}`, `/category/${category.slug}/`],
        ["/tag/Syria/", "/tag/syria/"],
        [`/author/${upper(author.slug)}/`, `/author/${author.slug}/`],
        [`/category/${upper(category.slug)}/rss.xml`, `/category/${category.slug}/rss.xml`],
        ["/tag/SYRIA/atom.xml", "/tag/syria/atom.xml"],
        [`/author/${upper(author.slug)}/rss.xml?x=1`, `/author/${author.slug}/rss.xml?x=1`],
      ]) {
        const response = await testApp.app.inject(String(url));
        assert.equal(response.statusCode, 301, url);
        assert.equal(response.headers.location, location, url);
        if (!location?.includes("page=2")) {
          assert.equal((await testApp.app.inject(String(location))).statusCode, 200, location);
        }
      }
      for (const url of ["/category/Not_A-Slug!/", "/tag/%C3%84rger/rss.xml", "/author/a--b/"]) {
        assert.equal((await testApp.app.inject(url)).statusCode, 404, url);
      }
    });

    it("answers 304 to a browser that already has the page", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { main } = await seedFront(testApp);
      const first = await testApp.app.inject(`/${main.slug}/`);
      assert.equal(first.headers["cache-control"], "no-cache");
      const etag = String(first.headers.etag);
      const second = await testApp.app.inject({ url: `/${main.slug}/`, headers: { "if-none-match": etag } });
      assert.equal(second.statusCode, 304);
      assert.equal(second.body, "");
    });
  });
}

describe("hostile and malformed requests", () => {
  it("never answer with a 500 or a stack trace", async (t) => {
    const testApp = await buildTestApp(t);
    await seedFront(testApp);
    const paths = [
      "/no-such-article/",
      "/no-such-article",
      "/Not-A-Slug/",
      "/a..b/",
      `/${"x".repeat(5000)}/`,
      "/../../etc/passwd",
      "/%2e%2e/%2e%2e/etc/passwd",
      "/assets/..%2f..%2fpackage.json",
      "/assets/site.css",
      "/media/../package.json",
      "/media/%2e%2e/package.json",
      "/category/nope/",
      "/tag/%00/",
      "/author/a%ZZb/",
      "/?page=%ZZ",
      `/?page=${"9".repeat(400)}`,
      `/?${"q=1&".repeat(2000)}`,
      "/%F0%9F%8E%89/",
      "/index.php?id=1' OR '1'='1",
    ];
    for (const url of paths) {
      const response = await testApp.app.inject(url);
      assert.ok(response.statusCode < 500, `${url.slice(0, 60)} → ${response.statusCode}`);
      assert.doesNotMatch(response.body, /"name": "masthead"|root:x:0/, url.slice(0, 60));
      assert.doesNotMatch(response.body, /at \w+ \(|node_modules|Error:/, url.slice(0, 60));
    }
  });

  it("answers unknown or malformed addresses with a styled 404 or a 400", async (t) => {
    const testApp = await buildTestApp(t);
    for (const url of [
      "/no-such-article/",
      "/not-a-slug/",
      "/category/nope/",
      "/tag/%00/",
      "/assets/nope.css",
    ]) {
      const response = await testApp.app.inject(url);
      assert.equal(response.statusCode, 404, url);
      assert.match(response.body, /<h1 id="error-title">Page not found<\/h1>/, url);
    }
    for (const url of ["/?page=%ZZ", `/?page=${"9".repeat(400)}`, "/tag/x/?page=0"]) {
      assert.equal((await testApp.app.inject(url)).statusCode, 400, url);
    }
  });

  it("answers an address that is not valid percent-encoding with the site's error page", async (t) => {
    const testApp = await buildTestApp(t);
    for (const url of ["/%FF%FE/", "/%E0%A4%A/", "/tag/%C3%28/", `/${"x".repeat(300)}/`]) {
      const response = await testApp.app.inject(url);
      assert.ok([400, 414].includes(response.statusCode), `${url.slice(0, 40)} → ${response.statusCode}`);
      assert.equal(response.headers["content-type"], "text/html; charset=utf-8", url.slice(0, 40));
      assert.match(
        response.body,
        /<h1 id="error-title">(Bad request|Address too long)<\/h1>/,
        url.slice(0, 40),
      );
      assert.match(response.body, /<title>[^<]*Masthead<\/title>/, url.slice(0, 40));
      assert.match(String(response.headers["content-security-policy"]), /default-src 'self'/);
      assert.equal(response.headers["cache-control"], "no-store");
    }
    const api = await testApp.app.inject("/api/v1/articles/%FF%FE");
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().error.code, "BAD_URL");
  });

  it("serves hashed assets for a year, security headers everywhere, and a health check", async (t) => {
    const testApp = await buildTestApp(t);
    const home = await testApp.app.inject("/");
    const cssPath = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{10}\.css)">/.exec(home.body)?.[1];
    assert.ok(cssPath);
    const css = await testApp.app.inject(cssPath);
    assert.equal(css.statusCode, 200);
    assert.equal(css.headers["cache-control"], "public, max-age=31536000, immutable");
    const csp = String(home.headers["content-security-policy"]);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(home.headers["x-content-type-options"], "nosniff");
    const health = await testApp.app.inject("/healthz");
    assert.equal(health.statusCode, 200);
  });
});
