import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
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

const TOKEN = "a-long-enough-metrics-token";

const scrape = async (testApp: TestApp) =>
  (await testApp.app.inject({ url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } })).body;

/** A cache's hits and misses so far, as /metrics reports them. */
async function cacheFigures(testApp: TestApp, cache: "page" | "search") {
  const metrics = await scrape(testApp);
  const figure = (name: string) =>
    Number(new RegExp(`^masthead_${cache}_cache_${name}_total (\\d+)$`, "m").exec(metrics)?.[1]);
  return { hits: figure("hits"), misses: figure("misses") };
}

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

    it('understands -word, OR and "quoted phrases", and explains them on the page', async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const now = testApp.now();
      const article = (title: string, body: string, hoursAgo: number) =>
        makeArticle(db, now, { title, body: markdownToDoc(body), publishedAt: now - hoursAgo * HOUR });
      await article("Harbour wall repaired", "The old harbour wall stands again.", 1);
      await article("Port fees rise", "Ships pay more at the port.", 2);
      await article("Harbour fees rise", "The harbour and the port share the fees.", 3);
      await article("Ferry timetable", "The ferry leaves the town quay at noon.", 4);
      const search = async (q: string) => {
        const response = await testApp.app.inject({ url: "/search", query: { q } });
        assert.equal(response.statusCode, 200, q);
        return titlesIn(response.body).sort();
      };
      assert.deepEqual(await search("fees -harbour"), ["Port fees rise"]);
      assert.deepEqual(await search("harbour OR port"), [
        "Harbour fees rise",
        "Harbour wall repaired",
        "Port fees rise",
      ]);
      assert.deepEqual(await search("harbour OR ferry -wall"), ["Ferry timetable", "Harbour fees rise"]);
      assert.deepEqual(await search("fees harbour OR port"), ["Harbour fees rise", "Port fees rise"]);
      assert.deepEqual(await search('"harbour wall"'), ["Harbour wall repaired"]);
      assert.deepEqual(await search('harbour -"harbour wall"'), ["Harbour fees rise"]);
      assert.deepEqual(await search('"town quay" OR "old harbour"'), [
        "Ferry timetable",
        "Harbour wall repaired",
      ]);
      const page = (await testApp.app.inject({ url: "/search", query: { q: "harbour OR port" } })).body;
      assert.match(page, /Search: harbour OR port/);
      const hint = (await testApp.app.inject("/search")).body;
      assert.match(hint, /class="search-hint"/);
      assert.match(hint, /-word/);
      assert.match(hint, /OR/);
      assert.match(hint, /&quot;exact phrase&quot;|“exact phrase”/);
      const onlyExcluded = await testApp.app.inject({ url: "/search", query: { q: "-harbour" } });
      assert.equal(onlyExcluded.statusCode, 200);
      assert.match(onlyExcluded.body, /Add a word to search for/);
    });

    it("keeps a results page until the content changes, the bare form apart from an empty query", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { METRICS_TOKEN: TOKEN } });
      const { db } = testApp.storage;
      await makeArticle(db, testApp.now(), { title: "Harbour wall repaired" });
      const search = (url: string, headers: Record<string, string> = {}) =>
        testApp.app.inject({ url, headers });
      const first = await search("/search?q=harbour");
      const again = await search("/search?q=harbour&page=1", { "accept-encoding": "gzip" });
      assert.equal(again.headers["content-encoding"], "gzip");
      assert.equal(again.headers["cache-control"], "no-cache");
      const unchanged = await search("/search?q=harbour", { "if-none-match": String(first.headers.etag) });
      assert.equal(unchanged.statusCode, 304);
      assert.deepEqual(await cacheFigures(testApp, "search"), { hits: 2, misses: 1 });

      // The bare form, an empty query and a filter named differently are pages of their own.
      assert.doesNotMatch((await search("/search")).body, /Type a word or two/);
      assert.match((await search("/search?q=")).body, /Type a word or two/);
      assert.match((await search("/search?q=harbour&tag=nope")).body, /There is no tag “nope”/);
      assert.match((await search("/search")).body, /<input type="search"/);

      await makeArticle(db, testApp.now(), { title: "Harbour fees rise" });
      assert.deepEqual(titlesIn((await search("/search?q=harbour")).body).sort(), [
        "Harbour fees rise",
        "Harbour wall repaired",
      ]);
    });

    it("a flood of made-up queries stays in the search budget and leaves the article pages cached", async (t) => {
      // 1 MiB for pages, so 128 KiB for search results: a few dozen results pages.
      const testApp = await buildTestApp(t, dialect, { env: { METRICS_TOKEN: TOKEN, PAGE_CACHE_MB: "1" } });
      const article = await makeArticle(testApp.storage.db, testApp.now(), { title: "River flood" });
      await testApp.app.inject(`/${article.slug}/`);
      const queries = 100;
      for (let i = 0; i < queries; i++) {
        assert.equal((await testApp.app.inject(`/search?q=river+made-up-${i}`)).statusCode, 200);
      }
      const metrics = await scrape(testApp);
      const figure = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, "m").exec(metrics)?.[1]);
      assert.equal(figure("masthead_search_cache_misses_total"), queries);
      const held = (unit: string) =>
        Number(
          new RegExp(`^masthead_cache_${unit}\\{cache="search results"\\} (\\d+)$`, "m").exec(metrics)?.[1],
        );
      const entries = held("entries");
      assert.ok(entries > 0 && entries < queries, `${entries} results pages kept`);
      assert.ok(held("bytes") <= 128 * 1024);
      await testApp.app.inject(`/${article.slug}/`);
      assert.deepEqual(await cacheFigures(testApp, "page"), { hits: 1, misses: 1 });
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
        "OR",
        "OR OR flood OR",
        "-",
        "--flood",
        "- flood",
        '-"',
        '-"flood wall',
        '"" OR ""',
        "flood OR -wall",
        "-flood OR wall",
        "the OR a",
        '"the a"',
        "-the",
        "flood -the",
        Array.from({ length: 40 }, (_, i) => (i % 2 ? "OR" : `-w${i}`)).join(" "),
      ];
      for (const q of queries) {
        const response = await testApp.app.inject({ url: "/search", query: { q } });
        assert.equal(response.statusCode, 200, JSON.stringify(q.slice(0, 40)));
        assert.match(
          response.body,
          /card-title|Type a word or two|Nothing matches|Add a word to search for/,
          q.slice(0, 40),
        );
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
