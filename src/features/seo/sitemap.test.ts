import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeNewsroom } from "../../../test/helpers/discovery.js";
import { HOUR, makeArticle } from "../../../test/helpers/factories.js";
import { SITEMAP_LIMIT, SITEMAP_URLS_PER_FILE, sitemapFileNames } from "./sitemap.js";
import { buildSitemapFile, buildSitemapIndex } from "./sitemap.service.js";

const SITE = "https://news.example.test";
const SCHEMAS = fileURLToPath(new URL("../../../test/fixtures/sitemaps/", import.meta.url));

/** Validates with libxml2 against the sitemaps.org schema; xmllint exits non-zero on any error. */
function assertValid(xml: string, schema: "sitemap.xsd" | "siteindex.xsd") {
  const dir = mkdtempSync(join(tmpdir(), "masthead-sitemap-"));
  try {
    const file = join(dir, "document.xml");
    writeFileSync(file, xml);
    execFileSync("xmllint", ["--noout", "--schema", join(SCHEMAS, schema), file], { stdio: "pipe" });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    assert.fail(`not valid against ${schema}:\n${stderr}\n${xml.slice(0, 2000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((match) => match[1]);

describe("the schema check itself", () => {
  it("rejects a sitemap the schema does not allow", () => {
    const bad =
      '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>yesterday</lastmod></url></urlset>';
    assert.throws(() => assertValid(bad, "sitemap.xsd"), /not valid/);
  });
});

describe("the files the sitemap index lists", () => {
  const counts = { pages: 1, articles: 0, categories: 3, tags: 0, authors: 2 };

  it("puts 1,000 URLs in a file by default, and leaves out a type without any", () => {
    assert.deepEqual(sitemapFileNames({ ...counts, articles: SITEMAP_URLS_PER_FILE + 1 }), [
      "sitemap-pages-1.xml",
      "sitemap-articles-1.xml",
      "sitemap-articles-2.xml",
      "sitemap-categories-1.xml",
      "sitemap-authors-1.xml",
    ]);
    assert.deepEqual(sitemapFileNames({ ...counts, articles: SITEMAP_URLS_PER_FILE }, 2).slice(0, 3), [
      "sitemap-pages-1.xml",
      "sitemap-articles-1.xml",
      "sitemap-articles-2.xml",
    ]);
  });

  it("lists at most the 50,000 files sitemaps.org allows in an index", () => {
    const names = sitemapFileNames({ ...counts, articles: SITEMAP_LIMIT + 10 }, 1);
    assert.equal(names.length, SITEMAP_LIMIT);
    assert.equal(names.at(-1), `sitemap-articles-${SITEMAP_LIMIT - 1}.xml`);
  });
});

for (const dialect of testDialects()) {
  describe(`sitemaps and robots.txt on ${dialect}`, () => {
    it("the index and every sitemap it lists are valid, with only published URLs", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { older, newer, draft, scheduled, category, author } = await makeNewsroom(
        testApp.storage.db,
        testApp.now(),
      );
      const index = await testApp.app.inject("/sitemap.xml");
      assert.equal(index.statusCode, 200);
      assert.equal(index.headers["content-type"], "application/xml; charset=utf-8");
      assertValid(index.body, "siteindex.xsd");
      const files = locs(index.body);
      assert.deepEqual(files, [
        `${SITE}/sitemap-pages-1.xml`,
        `${SITE}/sitemap-articles-1.xml`,
        `${SITE}/sitemap-categories-1.xml`,
        `${SITE}/sitemap-tags-1.xml`,
        `${SITE}/sitemap-authors-1.xml`,
      ]);
      const urls: string[] = [];
      for (const file of files) {
        const response = await testApp.app.inject(String(file).slice(SITE.length));
        assert.equal(response.statusCode, 200, file);
        assertValid(response.body, "sitemap.xsd");
        urls.push(...locs(response.body).map(String));
      }
      assert.deepEqual(urls, [
        `${SITE}/`,
        `${SITE}/${newer.slug}/`,
        `${SITE}/${older.slug}/`,
        `${SITE}/category/${category.slug}/`,
        `${SITE}/tag/river-vale/`,
        `${SITE}/author/${author.slug}/`,
      ]);
      assert.ok(!urls.some((url) => url.includes(draft.slug) || url.includes(scheduled.slug)));
      const articles = (await testApp.app.inject("/sitemap-articles-1.xml")).body;
      assert.match(articles, new RegExp(`<lastmod>${new Date(older.updatedAt).toISOString()}</lastmod>`));
      assert.equal((await testApp.app.inject("/sitemap-articles-2.xml")).statusCode, 404);
      assert.equal((await testApp.app.inject("/sitemap-articles-0.xml")).statusCode, 400);

      testApp.setNow(testApp.now() + 25 * HOUR);
      assert.ok(
        locs((await testApp.app.inject("/sitemap-articles-1.xml")).body).includes(
          `${SITE}/${scheduled.slug}/`,
        ),
      );
    });

    it("splits a type into several files past the per-file limit", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const now = testApp.now();
      for (let i = 0; i < 5; i++)
        await makeArticle(db, now, { title: `Piece ${i}`, publishedAt: now - (i + 1) * HOUR });
      const options = { siteUrl: SITE, now, perFile: 2 };
      const index = await buildSitemapIndex(db, options);
      assertValid(index, "siteindex.xsd");
      const articleFiles = locs(index).filter((loc) => String(loc).includes("articles"));
      assert.deepEqual(
        articleFiles,
        [1, 2, 3].map((n) => `${SITE}/sitemap-articles-${n}.xml`),
      );
      const pages = await Promise.all(
        [1, 2, 3].map((page) => buildSitemapFile(db, { type: "articles", page }, options)),
      );
      for (const page of pages) assertValid(page ?? "", "sitemap.xsd");
      assert.deepEqual(
        pages.map((page) => locs(page ?? "").length),
        [2, 2, 1],
      );
      assert.equal(new Set(pages.flatMap((page) => locs(page ?? ""))).size, 5);
      assert.equal(await buildSitemapFile(db, { type: "articles", page: 4 }, options), null);
    });

    it("robots.txt points at the sitemap and keeps crawlers out of the staff area", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const response = await testApp.app.inject("/robots.txt");
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers["content-type"]), /^text\/plain/);
      assert.match(response.body, /^User-agent: \*$/m);
      assert.match(response.body, /^Disallow: \/admin\/$/m);
      assert.match(response.body, new RegExp(`^Sitemap: ${SITE}/sitemap.xml$`, "m"));
    });
  });
}
