import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeNewsroom } from "../../../test/helpers/discovery.js";
import { updateSiteSettings } from "../settings/settings.js";

const SITE = "https://news.example.test";

/** Every JSON-LD block in a page, parsed, by its @type. */
function jsonLdOf(html: string): Map<string, Record<string, unknown>> {
  const blocks = [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  return new Map(
    blocks.map((block) => {
      const data = JSON.parse(block[1] ?? "null") as Record<string, unknown>;
      return [String(data["@type"]), data];
    }),
  );
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
};
const decodeEntities = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);

/** `<meta property|name=… content=…>` pairs, in order (a property may repeat, as article:tag does). */
function metaTags(html: string): Array<[string, string]> {
  return [...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)].map((match) => [
    String(match[1]),
    decodeEntities(String(match[2])),
  ]);
}
const metaValue = (html: string, name: string) => metaTags(html).find(([key]) => key === name)?.[1];

for (const dialect of testDialects()) {
  describe(`structured data and social cards on ${dialect}`, () => {
    it("an article page has NewsArticle, BreadcrumbList, OpenGraph and Twitter tags", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      await updateSiteSettings(testApp.storage.db, { logoUrl: "/media/logo.png" });
      const { older, author, category } = await makeNewsroom(testApp.storage.db, testApp.now());
      const html = (await testApp.app.inject(`/${older.slug}/`)).body;
      const data = jsonLdOf(html);

      const article = data.get("NewsArticle");
      assert.ok(article);
      assert.equal(article["@context"], "https://schema.org");
      assert.equal(article.headline, older.title);
      assert.equal(article.description, older.standfirst);
      assert.equal(article.mainEntityOfPage, `${SITE}/${older.slug}/`);
      assert.deepEqual(article.image, [
        {
          "@type": "ImageObject",
          url: `${SITE}/media/demo/flood.jpg`,
          width: 1600,
          height: 900,
          caption: "The wall at dusk",
        },
      ]);
      assert.equal(article.datePublished, new Date(older.publishedAt ?? 0).toISOString());
      assert.equal(article.dateModified, new Date(older.updatedAt).toISOString());
      assert.deepEqual(article.author, [
        { "@type": "Person", name: "Maren Holt", url: `${SITE}/author/${author.slug}/` },
      ]);
      assert.deepEqual(article.publisher, {
        "@type": "Organization",
        name: "Masthead",
        url: `${SITE}/`,
        logo: { "@type": "ImageObject", url: `${SITE}/media/logo.png` },
      });
      assert.deepEqual(article.articleSection, ["Water & Rivers"]);
      assert.deepEqual(article.keywords, ["River Vale"]);
      assert.deepEqual(article.citation, [
        {
          "@type": "CreativeWork",
          publisher: { "@type": "Organization", name: "Vale Gazette" },
          url: "https://gazette.example/flood",
        },
      ]);

      const breadcrumbs = data.get("BreadcrumbList");
      assert.ok(breadcrumbs);
      assert.deepEqual(breadcrumbs.itemListElement, [
        { "@type": "ListItem", position: 1, name: "Masthead", item: `${SITE}/` },
        {
          "@type": "ListItem",
          position: 2,
          name: "Water & Rivers",
          item: `${SITE}/category/${category.slug}/`,
        },
        { "@type": "ListItem", position: 3, name: older.title, item: `${SITE}/${older.slug}/` },
      ]);

      assert.match(html, new RegExp(`<link rel="canonical" href="${SITE}/${older.slug}/">`));
      assert.equal(metaValue(html, "og:type"), "article");
      assert.equal(metaValue(html, "og:title"), older.title);
      assert.equal(metaValue(html, "og:description"), older.standfirst);
      assert.equal(metaValue(html, "og:url"), `${SITE}/${older.slug}/`);
      assert.equal(metaValue(html, "og:image"), `${SITE}/media/demo/flood.jpg`);
      assert.equal(metaValue(html, "og:image:width"), "1600");
      assert.equal(metaValue(html, "og:image:height"), "900");
      assert.equal(metaValue(html, "og:image:alt"), "The finished wall");
      assert.equal(metaValue(html, "article:published_time"), new Date(older.publishedAt ?? 0).toISOString());
      assert.equal(metaValue(html, "article:modified_time"), new Date(older.updatedAt).toISOString());
      assert.equal(metaValue(html, "article:section"), "Water & Rivers");
      assert.deepEqual(
        metaTags(html).filter(([key]) => key === "article:tag"),
        [["article:tag", "River Vale"]],
      );
      assert.equal(metaValue(html, "twitter:card"), "summary_large_image");
      assert.equal(metaValue(html, "twitter:title"), older.title);
      assert.equal(metaValue(html, "twitter:image"), `${SITE}/media/demo/flood.jpg`);
    });

    it("the home page describes the site with a SearchAction; lists are websites", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { category } = await makeNewsroom(testApp.storage.db, testApp.now());
      const home = (await testApp.app.inject("/")).body;
      const site = jsonLdOf(home).get("WebSite");
      assert.ok(site);
      assert.equal(site.url, `${SITE}/`);
      assert.deepEqual(site.potentialAction, {
        "@type": "SearchAction",
        target: { "@type": "EntryPoint", urlTemplate: `${SITE}/search?q={search_term_string}` },
        "query-input": "required name=search_term_string",
      });
      assert.equal(metaValue(home, "og:type"), "website");
      assert.equal(metaValue(home, "twitter:card"), "summary");
      assert.match(home, new RegExp(`<link rel="canonical" href="${SITE}/">`));
      const section = (await testApp.app.inject(`/category/${category.slug}/`)).body;
      assert.match(section, new RegExp(`<link rel="canonical" href="${SITE}/category/${category.slug}/">`));
      assert.equal(jsonLdOf(section).get("WebSite"), undefined);
    });
  });
}
