import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seedDemoContent } from "../../src/features/demo/demo-seed.js";
import { localMediaStore } from "../../src/storage/local-media-store.js";
import { buildTestApp } from "../helpers/app.js";
import { testDialects } from "../helpers/databases.js";

const internalLinks = (html: string) =>
  [...html.matchAll(/(?:href|src)="(\/[^"]*)"/g)].map((match) => (match[1] ?? "").replaceAll("&amp;", "&"));

for (const dialect of testDialects()) {
  describe(`the demo site on ${dialect}`, () => {
    it("seeds, and every page reachable from the home page answers without error", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const seeded = await seedDemoContent(testApp.storage.db, {
        media: localMediaStore(testApp.mediaDir),
        now: testApp.now(),
      });
      assert.ok(seeded && seeded.articles >= 32);
      const seen = new Set<string>();
      const queue = ["/"];
      while (queue.length > 0) {
        const url = queue.shift() ?? "/";
        if (seen.has(url)) continue;
        seen.add(url);
        const response = await testApp.app.inject(url);
        assert.equal(response.statusCode, 200, url);
        if (response.headers["content-type"]?.toString().startsWith("text/html")) {
          queue.push(...internalLinks(response.body).filter((link) => !seen.has(link)));
        }
      }
      const articlePages = [...seen].filter((url) => /^\/[a-z0-9-]+\/$/.test(url));
      assert.ok(articlePages.length >= 32, `only ${articlePages.length} article pages reached`);
      for (const prefix of ["/category/", "/tag/", "/author/", "/media/demo/", "/assets/"]) {
        assert.ok(
          [...seen].some((url) => url.startsWith(prefix)),
          `no ${prefix} link followed`,
        );
      }
    });
  });
}
