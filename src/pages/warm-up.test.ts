import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, TEST_NOW, type TestApp } from "../../test/helpers/app.js";
import { testDialects } from "../../test/helpers/databases.js";
import { makeArticle } from "../../test/helpers/factories.js";
import { warmUpPages } from "./warm-up.js";

const TOKEN = "a-long-enough-metrics-token";
const HOUR = 3_600_000;

async function pageCacheCounts(testApp: TestApp) {
  const { body } = await testApp.app.inject({
    url: "/metrics",
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const figure = (name: string) => Number(new RegExp(`${name} (\\d+)`).exec(body)?.[1]);
  return {
    hits: figure("masthead_page_cache_hits_total"),
    misses: figure("masthead_page_cache_misses_total"),
  };
}

/** Four articles, the newest last; their paths, newest first. */
async function fourArticles(testApp: TestApp): Promise<string[]> {
  const paths: string[] = [];
  for (let age = 4; age >= 1; age--) {
    const article = await makeArticle(testApp.storage.db, TEST_NOW, { publishedAt: TEST_NOW - age * HOUR });
    paths.unshift(`/${article.slug}/`);
  }
  return paths;
}

for (const dialect of testDialects()) {
  describe(`warming up before listening on ${dialect}`, () => {
    it("renders the home page and the newest articles, which readers then get from the cache", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { METRICS_TOKEN: TOKEN } });
      const paths = await fourArticles(testApp);
      await warmUpPages(testApp.app, testApp.storage.db, TEST_NOW, { articles: 3, budgetMs: 60_000 });
      const warmed = await pageCacheCounts(testApp);
      for (const path of ["/", ...paths.slice(0, 3)]) {
        assert.equal((await testApp.app.inject({ url: path })).statusCode, 200);
      }
      assert.deepEqual(await pageCacheCounts(testApp), { hits: warmed.hits + 4, misses: warmed.misses });
      // The oldest was past the limit: its first reader renders it.
      await testApp.app.inject({ url: paths[3] });
      assert.equal((await pageCacheCounts(testApp)).misses, warmed.misses + 1);
    });

    it("stops rendering articles once its time budget is spent", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { METRICS_TOKEN: TOKEN } });
      const paths = await fourArticles(testApp);
      await warmUpPages(testApp.app, testApp.storage.db, TEST_NOW, { articles: 4, budgetMs: 0 });
      const warmed = await pageCacheCounts(testApp);
      for (const path of paths) await testApp.app.inject({ url: path });
      assert.equal((await pageCacheCounts(testApp)).misses, warmed.misses + 4);
    });

    it("has nothing to do on a site without articles", async (t) => {
      const testApp = await buildTestApp(t, dialect, { env: { METRICS_TOKEN: TOKEN } });
      await warmUpPages(testApp.app, testApp.storage.db, TEST_NOW);
      assert.equal((await pageCacheCounts(testApp)).misses, 1, "the home page only");
    });
  });
}
