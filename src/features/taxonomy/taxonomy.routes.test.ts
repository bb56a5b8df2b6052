import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTestApp, type TestApp } from "../../../test/helpers/app.js";
import { testDialects } from "../../../test/helpers/databases.js";
import { makeArticle, makeCategory } from "../../../test/helpers/factories.js";
import { signInAs } from "../../../test/helpers/staff.js";
import { readContentVersion } from "../../storage/content-version.js";
import { loadLinkedIds } from "../articles/article.repository.js";
import { updateArticle } from "../articles/article.service.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { ensureTags, findTagBySlug } from "./taxonomy.repository.js";

async function editor(testApp: TestApp) {
  return signInAs(testApp, "editor");
}

for (const dialect of testDialects()) {
  describe(`categories & tags management on ${dialect}`, () => {
    it("lists categories and tags with their article counts, filters tags by name", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const politics = await makeCategory(db, "Politics");
      await makeArticle(db, testApp.now(), { categoryIds: [politics.id], tagNames: ["Harbour", "Budget"] });
      await makeArticle(db, testApp.now(), { status: "draft", publishedAt: null, tagNames: ["Harbour"] });
      await ensureTags(db, ["100%_sure"]);
      const session = await editor(testApp);

      const page = await session.request({ method: "GET", url: "/admin/taxonomy/" });
      assert.equal(page.statusCode, 200);
      assert.match(
        page.body,
        />Politics<\/a><\/td><td><a href="\/category\/category-\d+\/">category-\d+<\/a><\/td><td>About Politics<\/td><td>1<\/td>/,
      );
      assert.match(
        page.body,
        />Harbour<\/a><\/td><td><a href="\/tag\/harbour\/">harbour<\/a><\/td><td>2<\/td>/,
      );

      const filtered = await session.request({ method: "GET", url: "/admin/taxonomy/?q=HARB" });
      assert.match(filtered.body, />Harbour</);
      assert.doesNotMatch(filtered.body, />Budget</);
      // LIKE wildcards in the filter are taken literally.
      const literal = await session.request({ method: "GET", url: "/admin/taxonomy/?q=%25_" });
      assert.match(literal.body, />100%_sure</);
      assert.doesNotMatch(literal.body, />Harbour</);
    });

    it("creates a category, which the public navigation shows at once", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const session = await editor(testApp);
      const created = await session.request({
        method: "POST",
        url: "/admin/taxonomy/categories/",
        form: { name: "Städte & Dörfer", slug: "", description: "Local news.", _csrf: session.csrf },
      });
      assert.equal(created.statusCode, 303);
      const home = await testApp.app.inject("/");
      assert.match(home.body, /<a href="\/category\/stadte-dorfer\/">Städte &amp; Dörfer<\/a>/);
    });

    it("keeps what was typed when a new category is refused, by the schema or the service, with the error at its field", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const politics = await makeCategory(testApp.storage.db, "Politics");
      const session = await editor(testApp);
      const post = (fields: Record<string, string>) =>
        session.request({
          method: "POST",
          url: "/admin/taxonomy/categories/",
          form: { name: "Town", slug: "", description: "Kept text.", _csrf: session.csrf, ...fields },
        });
      const taken = await post({ slug: politics.slug });
      assert.equal(taken.statusCode, 409);
      assert.match(
        taken.body,
        new RegExp(`<input type="text" id="slug"[^>]*aria-invalid="true"[^>]*value="${politics.slug}"`),
      );
      assert.match(taken.body, /id="slug-error">Another category already uses the slug/);
      assert.match(taken.body, />Kept text\.<\/textarea>/);
      const tooLong = await post({ name: "n".repeat(201) });
      assert.equal(tooLong.statusCode, 400, "a schema failure shows the form, not an error page");
      assert.match(tooLong.body, /id="name"[^>]*aria-invalid="true"/);
      assert.match(tooLong.body, />Kept text\.<\/textarea>/);
    });

    it("renames a category's slug: the old public URL answers 301 with the new one", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const category = await makeCategory(db, "Environment");
      await makeArticle(db, testApp.now(), { categoryIds: [category.id] });
      assert.equal((await testApp.app.inject(`/category/${category.slug}/`)).statusCode, 200);
      const session = await editor(testApp);
      const versionBefore = await readContentVersion(db);

      const renamed = await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${category.id}/`,
        form: { name: "Climate", slug: "climate", description: "Weather and more.", _csrf: session.csrf },
      });
      assert.equal(renamed.statusCode, 303);
      assert.equal(renamed.headers.location, `/admin/taxonomy/categories/${category.id}/?notice=saved`);
      assert.ok((await readContentVersion(db)) > versionBefore);

      const old = await testApp.app.inject(`/category/${category.slug}/`);
      assert.equal(old.statusCode, 301);
      assert.equal(old.headers.location, "/category/climate/");
      const oldPage2 = await testApp.app.inject(`/category/${category.slug}/?page=2`);
      assert.equal(oldPage2.headers.location, "/category/climate/?page=2");
      const fresh = await testApp.app.inject("/category/climate/");
      assert.equal(fresh.statusCode, 200);
      assert.match(fresh.body, /<h1>Climate<\/h1>/);

      // Renamed again: the first slug follows along, and taking a slug back stops its redirect.
      await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${category.id}/`,
        form: { name: "Climate", slug: "planet", description: "", _csrf: session.csrf },
      });
      assert.equal(
        (await testApp.app.inject(`/category/${category.slug}/`)).headers.location,
        "/category/planet/",
      );
      await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${category.id}/`,
        form: { name: "Climate", slug: "climate", description: "", _csrf: session.csrf },
      });
      assert.equal((await testApp.app.inject("/category/climate/")).statusCode, 200);
      assert.equal((await testApp.app.inject("/category/planet/")).headers.location, "/category/climate/");
    });

    it("refuses a slug another category has with a 409 on the form, and a malformed one with a 400", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const first = await makeCategory(db, "First");
      const second = await makeCategory(db, "Second");
      const session = await editor(testApp);
      const clash = await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${second.id}/`,
        form: { name: "Second (typed)", slug: first.slug, description: "", _csrf: session.csrf },
      });
      assert.equal(clash.statusCode, 409);
      assert.match(
        clash.body,
        new RegExp(`Another category already uses the slug &quot;${first.slug}&quot;`),
      );
      assert.match(clash.body, /value="Second \(typed\)"/);

      const created = await session.request({
        method: "POST",
        url: "/admin/taxonomy/categories/",
        form: { name: "Copy", slug: first.slug, description: "", _csrf: session.csrf },
      });
      assert.equal(created.statusCode, 409);

      const malformed = await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${second.id}/`,
        form: { name: "Second", slug: "Not A Slug", description: "", _csrf: session.csrf },
      });
      assert.equal(malformed.statusCode, 400);
      assert.match(malformed.body, /cannot be a slug/);
      assert.equal((await testApp.app.inject(`/category/${second.slug}/`)).statusCode, 200);
    });

    it("deletes an unused category but refuses one that articles use (409)", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const unused = await makeCategory(db, "Unused");
      const used = await makeCategory(db, "Used");
      await makeArticle(db, testApp.now(), { status: "draft", publishedAt: null, categoryIds: [used.id] });
      const session = await editor(testApp);

      const refused = await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${used.id}/delete`,
        form: { _csrf: session.csrf },
      });
      assert.equal(refused.statusCode, 409);
      assert.match(refused.body, /One article is filed under this category/);
      assert.equal((await testApp.app.inject(`/category/${used.slug}/`)).statusCode, 200);

      const deleted = await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${unused.id}/delete`,
        form: { _csrf: session.csrf },
      });
      assert.equal(deleted.statusCode, 303);
      assert.equal(deleted.headers.location, "/admin/taxonomy/?notice=deleted");
      assert.equal((await testApp.app.inject(`/category/${unused.slug}/`)).statusCode, 404);
      const missing = await session.request({
        method: "GET",
        url: `/admin/taxonomy/categories/${unused.id}/`,
      });
      assert.equal(missing.statusCode, 404);
    });

    it("renames a tag; its old URL redirects and the name shows on its page", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      await makeArticle(db, testApp.now(), { tagNames: ["Covid"] });
      const tag = await findTagBySlug(db, "covid");
      assert.ok(tag);
      const session = await editor(testApp);
      const renamed = await session.request({
        method: "POST",
        url: `/admin/taxonomy/tags/${tag.id}/`,
        form: { name: "COVID-19", slug: "covid-19", _csrf: session.csrf },
      });
      assert.equal(renamed.statusCode, 303);
      assert.equal((await testApp.app.inject("/tag/covid/")).headers.location, "/tag/covid-19/");
      assert.match((await testApp.app.inject("/tag/covid-19/")).body, /<h1>#COVID-19<\/h1>/);
    });

    it("merges two tags: links move without duplicates, the old slug 301s, and stays merged", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const now = testApp.now();
      const both = await makeArticle(db, now, { tagNames: ["UK", "United Kingdom"] });
      const onlyOld = await makeArticle(db, now, { tagNames: ["Politics", "UK"] });
      const onlyNew = await makeArticle(db, now, { tagNames: ["United Kingdom"] });
      const [uk, unitedKingdom] = [await findTagBySlug(db, "uk"), await findTagBySlug(db, "united-kingdom")];
      assert.ok(uk && unitedKingdom);
      const session = await editor(testApp);
      // A slug the merged-away tag had before also ends up at the tag kept.
      await session.request({
        method: "POST",
        url: `/admin/taxonomy/tags/${uk.id}/`,
        form: { name: "UK", slug: "u-k", _csrf: session.csrf },
      });

      const merged = await session.request({
        method: "POST",
        url: `/admin/taxonomy/tags/${uk.id}/merge`,
        form: { into: "United Kingdom", _csrf: session.csrf },
      });
      assert.equal(merged.statusCode, 303);
      assert.equal(merged.headers.location, `/admin/taxonomy/tags/${unitedKingdom.id}/?notice=saved`);

      const links = await loadLinkedIds(db, "article_tags", [both.id, onlyOld.id, onlyNew.id]);
      assert.deepEqual(links.get(both.id), [unitedKingdom.id]);
      assert.ok(links.get(onlyOld.id)?.includes(unitedKingdom.id));
      assert.equal(links.get(onlyOld.id)?.length, 2);
      assert.deepEqual(links.get(onlyNew.id), [unitedKingdom.id]);
      assert.equal(await findTagBySlug(db, "u-k"), undefined);

      for (const old of ["/tag/u-k/", "/tag/uk/"]) {
        const response = await testApp.app.inject(old);
        assert.equal(response.statusCode, 301, old);
        assert.equal(response.headers.location, "/tag/united-kingdom/");
      }
      const page = await testApp.app.inject("/tag/united-kingdom/");
      assert.equal((page.body.match(/class="card-title"/g) ?? []).length, 3);

      // Saving an article that still says UK must not bring the merged tag back.
      const edited = await updateArticle(
        db,
        onlyOld.id,
        {
          title: onlyOld.title,
          standfirst: "",
          body: markdownToDoc("More on #UK."),
          status: "published",
          publishedAt: onlyOld.publishedAt,
          categoryIds: [],
          tagNames: ["UK", "United Kingdom"],
          authorIds: [],
          image: null,
          attributions: [],
        },
        onlyOld.revision,
        now,
      );
      assert.deepEqual((await loadLinkedIds(db, "article_tags", [edited.id])).get(edited.id), [
        unitedKingdom.id,
      ]);
      assert.equal(await findTagBySlug(db, "uk"), undefined);
    });

    it("refuses to merge a tag into itself or into a tag that does not exist", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const [tag] = await ensureTags(db, ["Alone"]);
      assert.ok(tag);
      const session = await editor(testApp);
      for (const into of ["Alone", "Nobody Here"]) {
        const response = await session.request({
          method: "POST",
          url: `/admin/taxonomy/tags/${tag.id}/merge`,
          form: { into, _csrf: session.csrf },
        });
        assert.equal(response.statusCode, 400, into);
      }
      assert.ok(await findTagBySlug(db, "alone"));
    });

    it("deletes a tag: its articles stay, untagged", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const article = await makeArticle(db, testApp.now(), { tagNames: ["Gone"] });
      const tag = await findTagBySlug(db, "gone");
      assert.ok(tag);
      const session = await editor(testApp);
      const deleted = await session.request({
        method: "POST",
        url: `/admin/taxonomy/tags/${tag.id}/delete`,
        form: { _csrf: session.csrf },
      });
      assert.equal(deleted.statusCode, 303);
      assert.equal(await findTagBySlug(db, "gone"), undefined);
      assert.deepEqual((await loadLinkedIds(db, "article_tags", [article.id])).get(article.id), []);
      assert.equal((await testApp.app.inject(`/${article.slug}/`)).statusCode, 200);
      assert.equal((await testApp.app.inject("/tag/gone/")).statusCode, 404);
    });

    it("is forbidden to authors, and refuses changes without the CSRF token", async (t) => {
      const testApp = await buildTestApp(t, dialect);
      const { db } = testApp.storage;
      const category = await makeCategory(db, "Kept");
      const author = await signInAs(testApp, "author");
      assert.equal((await author.request({ method: "GET", url: "/admin/taxonomy/" })).statusCode, 403);
      const byAuthor = await author.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${category.id}/delete`,
        form: { _csrf: author.csrf },
      });
      assert.equal(byAuthor.statusCode, 403);

      const session = await editor(testApp);
      const withoutToken = await session.request({
        method: "POST",
        url: `/admin/taxonomy/categories/${category.id}/`,
        form: { name: "Changed", slug: "changed", description: "" },
      });
      assert.equal(withoutToken.statusCode, 403);
      assert.equal((await testApp.app.inject(`/category/${category.slug}/`)).statusCode, 200);
      assert.equal((await testApp.app.inject("/category/changed/")).statusCode, 404);
    });
  });
}
