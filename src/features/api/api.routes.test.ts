import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeNewsroom } from "../../../test/helpers/discovery.js";
import { HOUR, makeArticle } from "../../../test/helpers/factories.js";

const SITE = "https://news.example.test";

for (const dialect of testDialects()) {
  describe(`the Content API on ${dialect}`, () => {
    it("lists published articles newest first, with sections, and never drafts or scheduled ones", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { older, newer, category, author } = await makeNewsroom(testApp.storage.db, testApp.now());
      const response = await testApp.app.inject("/api/v1/articles");
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers["access-control-allow-origin"], "*");
      assert.equal(response.headers["cache-control"], "no-cache");
      const body = response.json();
      assert.deepEqual(
        body.data.map((article: { slug: string }) => article.slug),
        [newer.slug, older.slug],
      );
      assert.equal(body.nextCursor, null);
      const first = body.data[1];
      assert.equal(first.url, `${SITE}/${older.slug}/`);
      assert.equal(first.publishedAt, new Date(older.publishedAt ?? 0).toISOString());
      assert.equal(first.bodyHtml, undefined, "lists leave the body out unless asked");
      assert.deepEqual(first.categories, [
        { slug: category.slug, name: "Water & Rivers", url: `${SITE}/category/${category.slug}/` },
      ]);
      assert.deepEqual(first.tags, [
        { slug: "river-vale", name: "River Vale", url: `${SITE}/tag/river-vale/` },
      ]);
      assert.equal(first.authors[0].slug, author.slug);
      assert.equal(first.image.url, `${SITE}/media/demo/flood.jpg`);
      assert.equal(first.image.width, 1600);
    });

    it("filters by section and date, selects fields, and pages with a cursor", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const now = testApp.now();
      const { older, author } = await makeNewsroom(db, now);
      for (let i = 0; i < 5; i++)
        await makeArticle(db, now, { title: `Item ${i}`, publishedAt: now - (10 + i) * HOUR });
      const get = (query: string) => testApp.app.inject(`/api/v1/articles?${query}`).then((r) => r.json());
      const titles = (body: { data: Array<{ title: string }> }) => body.data.map((a) => a.title);

      assert.deepEqual(titles(await get("tag=river-vale")), [older.title]);
      assert.deepEqual(titles(await get(`tag=river-vale&author=${author.slug}`)), [older.title]);
      const window = `from=${new Date(now - 12 * HOUR).toISOString()}&to=${new Date(now - 2 * HOUR).toISOString()}`;
      assert.deepEqual(titles(await get(window)), [older.title, "Item 0", "Item 1", "Item 2"]);
      assert.equal((await get(`${window}&limit=1`)).total, 4, "the total counts every page");
      assert.equal((await get("tag=river-vale")).total, 1);
      assert.deepEqual((await get("fields=title,slug&limit=1")).data, [
        { title: "Council budget passes", slug: "council-budget-passes" },
      ]);

      const seen: string[] = [];
      let cursor: string | null = "";
      while (cursor !== null) {
        const page: { data: Array<{ title: string }>; nextCursor: string | null; total: number } = await get(
          `limit=3&fields=title${cursor ? `&cursor=${cursor}` : ""}`,
        );
        seen.push(...titles(page));
        assert.equal(page.total, 7, "the total stays the same on every page");
        cursor = page.nextCursor;
      }
      assert.deepEqual(seen, [
        "Council budget passes",
        older.title,
        "Item 0",
        "Item 1",
        "Item 2",
        "Item 3",
        "Item 4",
      ]);
    });

    it("gives one article, sections, search; errors are JSON objects", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { older, draft, scheduled, category, author } = await makeNewsroom(
        testApp.storage.db,
        testApp.now(),
      );
      const article = await testApp.app.inject(`/api/v1/articles/${older.slug}`);
      assert.equal(article.statusCode, 200);
      assert.match(article.json().bodyHtml, /href="https:\/\/news\.example\.test\/media\/map\.png"/);
      for (const hidden of [draft.slug, scheduled.slug, "no-such-article", "NOT A SLUG"]) {
        const response = await testApp.app.inject(`/api/v1/articles/${encodeURIComponent(hidden)}`);
        assert.equal(response.statusCode, 404, hidden);
        assert.deepEqual(response.json(), { error: { code: "NOT_FOUND", message: "Article not found" } });
      }
      assert.deepEqual((await testApp.app.inject("/api/v1/categories")).json().data, [
        {
          slug: category.slug,
          name: "Water & Rivers",
          description: "About Water & Rivers",
          url: `${SITE}/category/${category.slug}/`,
        },
      ]);
      assert.deepEqual((await testApp.app.inject("/api/v1/tags")).json(), {
        data: [{ slug: "river-vale", name: "River Vale", url: `${SITE}/tag/river-vale/` }],
        hasMore: false,
      });
      assert.equal((await testApp.app.inject("/api/v1/authors")).json().data[0].slug, author.slug);

      const search = (await testApp.app.inject("/api/v1/search?q=river+wall")).json();
      assert.deepEqual(
        search.data.map((hit: { article: { slug: string } }) => hit.article.slug),
        [older.slug],
      );
      assert.match(search.data[0].snippetHtml, /<mark>river<\/mark> <mark>wall<\/mark>/);
      assert.deepEqual((await testApp.app.inject("/api/v1/search?q=embargoed")).json().data, []);

      for (const [url, status] of [
        ["/api/v1/articles?limit=1000", 400],
        ["/api/v1/articles?fields=title,password", 400],
        ["/api/v1/articles?from=yesterday", 400],
        ["/api/v1/articles?cursor=abc", 400],
        ["/api/v1/articles?category=nope", 404],
        ["/api/v1/search", 400],
        ["/api/v1/search?q=%22%22%22", 200],
        ["/api/v1/nothing-here", 404],
      ] as const) {
        const response = await testApp.app.inject(url);
        assert.equal(response.statusCode, status, url);
        const body = response.json();
        if (status !== 200) {
          assert.equal(typeof body.error.code, "string", url);
          assert.equal(typeof body.error.message, "string", url);
        }
      }
    });

    it("answers If-None-Match with 304 and allows cross-site GETs", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await makeNewsroom(testApp.storage.db, testApp.now());
      const first = await testApp.app.inject("/api/v1/articles");
      const etag = String(first.headers.etag);
      assert.ok(etag.length > 2);
      const again = await testApp.app.inject({ url: "/api/v1/articles", headers: { "if-none-match": etag } });
      assert.equal(again.statusCode, 304);
      await makeArticle(testApp.storage.db, testApp.now(), { title: "Breaking" });
      const changed = await testApp.app.inject({
        url: "/api/v1/articles",
        headers: { "if-none-match": etag },
      });
      assert.equal(changed.statusCode, 200);
      const preflight = await testApp.app.inject({
        method: "OPTIONS",
        url: "/api/v1/articles",
        headers: { origin: "https://elsewhere.example", "access-control-request-method": "GET" },
      });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers["access-control-allow-origin"], "*");
      // The votes API reads the reader's cookie, so it is not opened to other sites.
      const votes = await testApp.app.inject({
        url: "/api/v1/votes?articles=1",
        headers: { origin: "https://elsewhere.example" },
      });
      assert.equal(votes.headers["access-control-allow-origin"], undefined);
    });

    it("publishes an OpenAPI document of the API routes, the votes API included", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const response = await testApp.app.inject("/api/v1/openapi.json");
      assert.equal(response.statusCode, 200);
      const document = response.json();
      assert.equal(document.openapi, "3.0.3");
      const paths = Object.keys(document.paths).sort();
      assert.deepEqual(paths, [
        "/api/v1/articles",
        "/api/v1/articles/{slug}",
        "/api/v1/articles/{slug}/votes",
        "/api/v1/authors",
        "/api/v1/categories",
        "/api/v1/search",
        "/api/v1/tags",
        "/api/v1/votes",
      ]);
      const list = document.paths["/api/v1/articles"].get;
      assert.ok(list.parameters.some((parameter: { name: string }) => parameter.name === "cursor"));
      assert.ok(list.responses["200"].content["application/json"].schema.properties.nextCursor);
    });
  });
}
