import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeNewsroom } from "../../../test/helpers/discovery.js";
import { articleInput, HOUR, makeArticle } from "../../../test/helpers/factories.js";
import { updateArticle } from "../articles/article.service.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { searchArticles } from "./search.service.js";

const titlesIn = (html: string) =>
  [...html.matchAll(/<h2 class="card-title"><a href="[^"]*">([^<]*)<\/a>/g)].map((match) =>
    String(match[1]).replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"),
  );

for (const dialect of testDialects()) {
  describe(`site search on ${dialect}`, () => {
    it("ranks title matches first, stems words, highlights and escapes snippets", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const now = testApp.now();
      await makeArticle(db, now, {
        title: "Budget news",
        body: markdownToDoc("The river <b>floods</b> were mentioned once."),
        publishedAt: now - HOUR,
      });
      await makeArticle(db, now, {
        title: "Floods close the valley road",
        body: markdownToDoc("Water everywhere."),
        publishedAt: now - 2 * HOUR,
      });
      await makeArticle(db, now, {
        title: "Weather",
        body: markdownToDoc("Sunny all week."),
        publishedAt: now - 3 * HOUR,
      });
      const response = await testApp.app.inject("/search?q=flooding");
      assert.equal(response.statusCode, 200);
      // "flooding" finds "floods" through the stemmer; the headline match ranks above the body match.
      assert.deepEqual(titlesIn(response.body), ["Floods close the valley road", "Budget news"]);
      assert.match(response.body, /<mark>floods<\/mark>/);
      // The body's literal "<b>" is text: escaped by us (SQLite), or left out by ts_headline (PostgreSQL).
      assert.match(response.body, /river (&lt;b&gt;)?\s*<mark>floods<\/mark>/);
      assert.doesNotMatch(response.body, /<b>floods/);
      assert.match(response.body, /<meta name="robots" content="noindex">/);
    });

    it("never finds drafts or scheduled articles before their time", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { scheduled, older, newer } = await makeNewsroom(testApp.storage.db, testApp.now());
      // The draft and the scheduled article say "flood" too; "flooding" in a body stems to it.
      const first = titlesIn((await testApp.app.inject("/search?q=flood")).body);
      assert.deepEqual(first, [older.title, newer.title]);
      for (const q of ["secret draft", "embargoed"]) {
        const body = (await testApp.app.inject(`/search?q=${encodeURIComponent(q)}`)).body;
        assert.deepEqual(titlesIn(body), [], q);
        assert.match(body, /Nothing matches all of these words/);
      }
      testApp.setNow(testApp.now() + 25 * HOUR);
      assert.deepEqual(titlesIn((await testApp.app.inject("/search?q=embargoed")).body), [scheduled.title]);
    });

    it("follows edits in the same save and filters by category, tag and author", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const { category, author, older, newer } = await makeNewsroom(db, testApp.now());
      const other = await makeArticle(db, testApp.now(), { title: "River elsewhere" });
      const search = (query: string) => testApp.app.inject(`/search?${query}`).then((r) => titlesIn(r.body));
      assert.deepEqual(await search("q=river"), [other.title, older.title]);
      assert.deepEqual(await search(`q=river&category=${category.slug}`), [older.title]);
      assert.deepEqual(await search("q=river&tag=river-vale"), [older.title]);
      assert.deepEqual(await search(`q=flood&author=${author.slug}&tag=river-vale`), [older.title]);
      assert.deepEqual(await search(`q=budget&author=${author.slug}`), [newer.title]);
      assert.match(
        (await testApp.app.inject("/search?q=flood&tag=nope")).body,
        /There is no tag “nope” to search in/,
      );

      await updateArticle(
        db,
        other.id,
        articleInput({ title: "Drought elsewhere", body: markdownToDoc("Dry.") }),
        other.revision,
        testApp.now(),
      );
      assert.deepEqual(await search("q=river"), [older.title]);
      assert.deepEqual(await search("q=drought"), ["Drought elsewhere"]);
    });

    it("pages through results", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      for (let i = 0; i < 5; i++) {
        await makeArticle(db, testApp.now(), {
          title: `Harbour story ${i}`,
          publishedAt: testApp.now() - (i + 1) * HOUR,
        });
      }
      const request = { query: "harbour", filter: {}, perPage: 2, now: testApp.now(), language: "en" };
      const pages = await Promise.all([1, 2, 3].map((page) => searchArticles(db, { ...request, page })));
      assert.deepEqual(
        pages.map((page) => [page.items.map((item) => item.article.title), page.hasNext]),
        [
          [["Harbour story 0", "Harbour story 1"], true],
          [["Harbour story 2", "Harbour story 3"], true],
          [["Harbour story 4"], false],
        ],
      );
      const page2 = await testApp.app.inject("/search?q=harbour&page=2");
      assert.equal(page2.statusCode, 200);
    });

    it("answers malformed queries with results or a clear message, never a 500", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeNewsroom(testApp.storage.db, testApp.now());
      const queries = [
        '"',
        '"flood',
        "flood AND OR NOT",
        "NEAR(flood",
        "flood*",
        "-flood",
        "title:flood",
        "(((",
        "'; drop table articles; --",
        "\u0000\u0001\u0002flood\u0003",
        "%",
        "x".repeat(10_000),
        "flood ".repeat(1700),
        "!!!",
        "&|!<->:*",
      ];
      for (const q of queries) {
        const response = await testApp.app.inject({ url: "/search", query: { q } });
        assert.equal(response.statusCode, 200, JSON.stringify(q.slice(0, 40)));
        assert.match(response.body, /card-title|Type a word or two|Nothing matches/, q.slice(0, 40));
      }
      const encoded = await testApp.app.inject("/search?q=%E0%A4%A&page=1");
      assert.ok(encoded.statusCode < 500);
      const tooLong = await testApp.app.inject({ url: "/search", query: { q: "y".repeat(20_001) } });
      assert.equal(tooLong.statusCode, 400);
      assert.equal((await testApp.app.inject("/search?q=flood&page=0")).statusCode, 400);
      const noQuery = await testApp.app.inject("/search");
      assert.equal(noQuery.statusCode, 200);
      assert.match(noQuery.body, /<input type="search"/);
    });
  });
}
