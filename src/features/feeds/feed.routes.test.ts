import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeNewsroom } from "../../../test/helpers/discovery.js";
import { HOUR, makeArticle, makeAuthor } from "../../../test/helpers/factories.js";
import { rssViolations } from "../../../test/helpers/rss-rules.js";
import { updateSiteSettings } from "../settings/settings.js";

const SITE = "https://news.example.test";

for (const dialect of testDialects()) {
  describe(`feeds on ${dialect}`, () => {
    it("RSS 2.0 carries every field a reader needs, with absolute URLs", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { older, newer } = await makeNewsroom(testApp.storage.db, testApp.now());
      const response = await testApp.app.inject("/rss.xml");
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["content-type"], "application/rss+xml; charset=utf-8");
      const feed = parseFeed(response.body);
      assert.equal(feed.meta.type, "rss");
      assert.equal(feed.title, "Masthead");
      assert.equal(feed.url, `${SITE}/`);
      assert.equal(feed.self, `${SITE}/rss.xml`);
      assert.equal(feed.language, "en");
      // Newest first; the draft and the scheduled article are not there.
      assert.deepEqual(
        feed.items.map((item) => item.title),
        [newer.title, older.title],
      );
      const item = feed.items[1];
      assert.ok(item);
      assert.equal(item.url, `${SITE}/${older.slug}/`);
      assert.equal(item.id, `tag:news.example.test,2026-11-25:article/${older.id}`);
      assert.equal(item.published?.getTime(), older.publishedAt);
      assert.equal(item.description, "Engineers closed the last gap in the river wall.");
      assert.match(item.content ?? "", /<strong>river wall<\/strong>/);
      assert.match(item.content ?? "", /href="https:\/\/news\.example\.test\/media\/map\.png"/);
      assert.doesNotMatch(item.content ?? "", /href="\//);
      assert.deepEqual(
        item.authors.map((author) => author.name),
        ["Maren Holt"],
      );
      assert.deepEqual(
        item.categories.map((category) => category.label),
        ["Water & Rivers", "River Vale"],
      );
      assert.deepEqual(
        item.media.map((media) => [media.url, media.mimeType]),
        [[`${SITE}/media/demo/flood.jpg`, "image/jpeg"]],
      );
    });

    it("every RSS feed keeps the RSS 2.0 rules, with one dc:creator per author", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { category, author, older } = await makeNewsroom(testApp.storage.db, testApp.now());
      const coAuthor = await makeAuthor(testApp.storage.db, "Idris Vale");
      const shared = await makeArticle(testApp.storage.db, testApp.now(), {
        title: "Two reporters, one story",
        standfirst: "",
        authorIds: [author.id, coAuthor.id],
        tagNames: ["River Vale"],
      });
      const feeds = ["/rss.xml", `/category/${category.slug}/rss.xml`, "/tag/river-vale/rss.xml"];
      feeds.push(`/author/${author.slug}/rss.xml`);
      for (const feedContent of ["full", "excerpt"] as const) {
        await updateSiteSettings(testApp.storage.db, { feedContent, logoUrl: "/media/logo.png" });
        for (const url of feeds) {
          const body = (await testApp.app.inject(url)).body;
          assert.deepEqual(rssViolations(body), [], `${url} with ${feedContent} content`);
          assert.doesNotMatch(body, /<author>/, url);
        }
      }
      const items = parseFeed((await testApp.app.inject("/rss.xml")).body).items;
      const creators = (slug: string) =>
        items.find((item) => item.url === `${SITE}/${slug}/`)?.authors.map((person) => person.name);
      assert.deepEqual(creators(shared.slug), ["Maren Holt", "Idris Vale"]);
      assert.deepEqual(creators(older.slug), ["Maren Holt"]);
    });

    it("the RSS rules catch a name in <author>, an undeclared namespace and a bad date", () => {
      const channel = (item: string) =>
        `<rss version="2.0"><channel><title>T</title><link>https://a.test/</link><description>D</description><item>${item}</item></channel></rss>`;
      assert.deepEqual(rssViolations(channel("<title>A</title><author>Maren Holt</author>")), [
        "<author> in <item> 1 is not an e-mail address: Maren Holt",
      ]);
      assert.deepEqual(rssViolations(channel("<title>A</title><author>m@a.test (Maren Holt)</author>")), []);
      assert.deepEqual(rssViolations(channel("<title>A</title><dc:creator>Maren</dc:creator>")), [
        "the dc: namespace is used but not declared",
      ]);
      assert.deepEqual(rssViolations(channel("<title>A</title><pubDate>2026-11-25</pubDate>")), [
        "<pubDate> in <item> 1 is not an RFC 822 date: 2026-11-25",
      ]);
      assert.deepEqual(rssViolations(channel("<title>A</title><guid>article-1</guid><x>1</x>")), [
        "<x> in <item> 1 is not an element RSS 2.0 (or a declared module) allows",
        "<guid> in <item> 1 is a permalink but not a URL",
      ]);
    });

    it("Atom escapes HTML titles and links authors and categories", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { older, author, category } = await makeNewsroom(testApp.storage.db, testApp.now());
      const response = await testApp.app.inject("/atom.xml");
      assert.equal(response.headers["content-type"], "application/atom+xml; charset=utf-8");
      const feed = parseFeed(response.body);
      assert.equal(feed.meta.type, "atom");
      assert.equal(feed.self, `${SITE}/atom.xml`);
      assert.equal(feed.updated?.getTime(), testApp.now());
      const item = feed.items.find((entry) => entry.url === `${SITE}/${older.slug}/`);
      assert.ok(item);
      assert.equal(item.title, "Flood defences <finished> on the Vale");
      assert.equal(item.published?.getTime(), older.publishedAt);
      assert.equal(item.updated?.getTime(), older.updatedAt);
      assert.deepEqual(
        item.authors.map((a) => [a.name, a.url]),
        [["Maren Holt", `${SITE}/author/${author.slug}/`]],
      );
      assert.deepEqual(
        item.categories.map((term) => [term.term, term.label]),
        [
          [category.slug, "Water & Rivers"],
          ["river-vale", "River Vale"],
        ],
      );
      assert.equal(item.media[0]?.url, `${SITE}/media/demo/flood.jpg`);
    });

    it("JSON Feed 1.1 lists the same articles", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { older, newer, author } = await makeNewsroom(testApp.storage.db, testApp.now());
      const response = await testApp.app.inject("/feed.json");
      assert.equal(response.headers["content-type"], "application/feed+json; charset=utf-8");
      const feed = response.json();
      assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
      assert.equal(feed.feed_url, `${SITE}/feed.json`);
      assert.equal(feed.home_page_url, `${SITE}/`);
      assert.equal(feed.language, "en");
      assert.deepEqual(
        feed.items.map((item: { url: string }) => item.url),
        [`${SITE}/${newer.slug}/`, `${SITE}/${older.slug}/`],
      );
      const item = feed.items[1];
      assert.equal(item.title, older.title);
      assert.match(item.content_html, /<strong>river wall<\/strong>/);
      assert.equal(item.summary, older.standfirst);
      assert.equal(item.image, `${SITE}/media/demo/flood.jpg`);
      assert.equal(item.date_published, new Date(older.publishedAt ?? 0).toISOString());
      assert.deepEqual(item.authors, [{ name: "Maren Holt", url: `${SITE}/author/${author.slug}/` }]);
      assert.deepEqual(item.tags, ["Water & Rivers", "River Vale"]);
    });

    it("section feeds carry only their section; unknown sections are 404", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { category, author, older } = await makeNewsroom(testApp.storage.db, testApp.now());
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Elsewhere" });
      const titles = async (url: string) => {
        const response = await testApp.app.inject(url);
        assert.equal(response.statusCode, 200, url);
        return parseFeed(response.body).items.map((item) => item.title);
      };
      assert.deepEqual(await titles("/tag/river-vale/rss.xml"), [older.title]);
      assert.deepEqual(await titles(`/category/${category.slug}/atom.xml`), [
        "Council budget passes",
        older.title,
      ]);
      assert.equal((await titles(`/author/${author.slug}/rss.xml`)).length, 2);
      const json = await testApp.app.inject("/tag/river-vale/feed.json");
      assert.equal(json.json().title, "Masthead – #River Vale");
      assert.equal(json.json().feed_url, `${SITE}/tag/river-vale/feed.json`);
      assert.equal((await testApp.app.inject("/tag/no-such-tag/rss.xml")).statusCode, 404);
      assert.equal((await testApp.app.inject("/author/NOT_A_SLUG/atom.xml")).statusCode, 404);
    });

    it("excerpt setting leaves out the body; scheduled articles appear when due", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { scheduled } = await makeNewsroom(testApp.storage.db, testApp.now());
      await updateSiteSettings(testApp.storage.db, { feedContent: "excerpt" });
      const rss = parseFeed((await testApp.app.inject("/rss.xml")).body);
      assert.ok(rss.items.every((item) => item.content === null || item.content === item.description));
      assert.doesNotMatch((await testApp.app.inject("/rss.xml")).body, /content:encoded/);
      const json = (await testApp.app.inject("/feed.json")).json();
      assert.equal(json.items[0].content_html, undefined);
      assert.equal(json.items[0].content_text, "The vote was close.");

      assert.ok(!rss.items.some((item) => item.title === scheduled.title));
      testApp.setNow(testApp.now() + 25 * HOUR);
      const later = parseFeed((await testApp.app.inject("/rss.xml")).body);
      assert.equal(later.items[0]?.title, scheduled.title);
    });

    it("keeps to the newest 20 and answers conditional requests with 304", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      for (let i = 0; i < 22; i++) {
        await makeArticle(testApp.storage.db, testApp.now(), { publishedAt: testApp.now() - (i + 1) * HOUR });
      }
      const first = await testApp.app.inject("/atom.xml");
      assert.equal(parseFeed(first.body).items.length, 20);
      const etag = String(first.headers.etag);
      const lastModified = String(first.headers["last-modified"]);
      assert.equal(lastModified, new Date(testApp.now()).toUTCString());
      const byTag = await testApp.app.inject({ url: "/atom.xml", headers: { "if-none-match": etag } });
      assert.equal(byTag.statusCode, 304);
      assert.equal(byTag.body, "");
      const byDate = await testApp.app.inject({
        url: "/atom.xml",
        headers: { "if-modified-since": lastModified },
      });
      assert.equal(byDate.statusCode, 304);
      const stale = await testApp.app.inject({
        url: "/atom.xml",
        headers: { "if-modified-since": new Date(testApp.now() - HOUR).toUTCString() },
      });
      assert.equal(stale.statusCode, 200);
      await makeArticle(testApp.storage.db, testApp.now(), {
        title: "Fresh news",
        publishedAt: testApp.now(),
      });
      const changed = await testApp.app.inject({ url: "/atom.xml", headers: { "if-none-match": etag } });
      assert.equal(changed.statusCode, 200);
      assert.equal(parseFeed(changed.body).items[0]?.title, "Fresh news");
    });

    it("every public page advertises the site's feeds, section pages their own too", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { older } = await makeNewsroom(testApp.storage.db, testApp.now());
      const article = (await testApp.app.inject(`/${older.slug}/`)).body;
      assert.match(
        article,
        /<link rel="alternate" type="application\/rss\+xml" title="Masthead \(RSS\)" href="https:\/\/news\.example\.test\/rss\.xml">/,
      );
      assert.match(
        article,
        /type="application\/atom\+xml"[^>]*href="https:\/\/news\.example\.test\/atom\.xml"/,
      );
      assert.match(
        article,
        /type="application\/feed\+json"[^>]*href="https:\/\/news\.example\.test\/feed\.json"/,
      );
      const tagPage = (await testApp.app.inject("/tag/river-vale/")).body;
      assert.match(tagPage, /href="https:\/\/news\.example\.test\/tag\/river-vale\/rss\.xml"/);
      assert.match(tagPage, /href="https:\/\/news\.example\.test\/rss\.xml"/);
    });
  });
}
