import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openTestStorage, type TestStorage, testDialects } from "../../../test/helpers/databases.js";
import { HOUR, makeArticle, makeAuthor, makeCategory } from "../../../test/helpers/factories.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import type { Article } from "./article.js";
import { ListPositions } from "./article.positions.js";
import { findPublicArticle, listArticles, nextPublicationReader } from "./article.queries.js";
import { type ListFilter, nextScheduledPublication } from "./article.repository.js";

const NOW = Date.UTC(2026, 10, 25, 12);

for (const dialect of testDialects()) {
  describe(`article read models on ${dialect}`, () => {
    let test: TestStorage;
    let db: Db;
    let published: Article[];
    let categoryId: number;
    let otherCategoryId: number;
    let authorId: number;

    // Five published articles an hour apart (a0 oldest), a draft and a scheduled one.
    before(async () => {
      test = await openTestStorage(dialect);
      db = test.storage.db;
      categoryId = (await makeCategory(db, "Harbour")).id;
      otherCategoryId = (await makeCategory(db, "Elsewhere")).id;
      authorId = (await makeAuthor(db, "Reporter")).id;
      published = [];
      for (let i = 0; i < 5; i++) {
        published.push(
          await makeArticle(db, NOW, {
            title: `a${i}`,
            publishedAt: NOW - (10 - i) * HOUR,
            categoryIds: i === 4 ? [otherCategoryId] : [categoryId],
            authorIds: i % 2 === 0 ? [authorId] : [],
            tagNames: i === 0 || i === 3 ? ["Ferries", "Budget"] : i === 1 ? ["Ferries"] : [],
          }),
        );
      }
      await makeArticle(db, NOW, {
        title: "draft",
        status: "draft",
        publishedAt: null,
        categoryIds: [categoryId],
      });
      await makeArticle(db, NOW, { title: "soon", publishedAt: NOW + 2 * HOUR, categoryIds: [categoryId] });
    });
    after(() => test.dispose());

    const titles = (items: { title: string }[]) => items.map((item) => item.title);

    it("lists visible articles newest first, a page at a time", async () => {
      const first = await listArticles(db, { now: NOW, page: 1, perPage: 2 });
      const second = await listArticles(db, { now: NOW, page: 2, perPage: 2 });
      const last = await listArticles(db, { now: NOW, page: 3, perPage: 2 });
      assert.deepEqual(titles(first.items), ["a4", "a3"]);
      assert.equal(first.hasNext, true);
      assert.deepEqual(titles(second.items), ["a2", "a1"]);
      assert.deepEqual(titles(last.items), ["a0"]);
      assert.equal(last.hasNext, false);
      assert.deepEqual((await listArticles(db, { now: NOW, page: 9, perPage: 2 })).items, []);
    });

    it("gives the same pages through the list positions as read directly, before and after an embargo", async () => {
      // The positions read a whole list with visibility said another way (listVisibleArticleIds).
      const positions = new ListPositions(test.storage);
      for (const now of [NOW, NOW + 2 * HOUR])
        for (const filter of [{}, { categoryId }, { authorId }] as ListFilter[])
          for (const page of [2, 3, 4]) {
            const query = { now, page, perPage: 2, filter };
            const direct = await listArticles(db, query);
            const positioned = await listArticles(db, { ...query, positions });
            assert.deepEqual(titles(positioned.items), titles(direct.items), JSON.stringify(query));
            assert.equal(positioned.hasNext, direct.hasNext, JSON.stringify(query));
          }
    });

    it("shows a scheduled article in lists once its time has come", async () => {
      const later = await listArticles(db, { now: NOW + 2 * HOUR, page: 1, perPage: 10 });
      assert.deepEqual(titles(later.items), ["soon", "a4", "a3", "a2", "a1", "a0"]);
    });

    it("filters by category, tag and author, with categories and authors hydrated", async () => {
      const byCategory = await listArticles(db, { now: NOW, page: 1, perPage: 10, filter: { categoryId } });
      assert.deepEqual(titles(byCategory.items), ["a3", "a2", "a1", "a0"]);
      assert.equal(byCategory.items[0]?.primaryCategory?.name, "Harbour");
      const byAuthor = await listArticles(db, { now: NOW, page: 1, perPage: 10, filter: { authorId } });
      assert.deepEqual(titles(byAuthor.items), ["a4", "a2", "a0"]);
      assert.deepEqual(
        byAuthor.items[0]?.authors.map((a) => a.name),
        ["Reporter"],
      );
      const tagId = (await findPublicArticle(db, "a1", NOW))?.tags[0]?.id ?? -1;
      const byTag = await listArticles(db, { now: NOW, page: 1, perPage: 10, filter: { tagId } });
      assert.deepEqual(titles(byTag.items), ["a3", "a1", "a0"]);
    });

    it("links previous and next by publication time, skipping what the public cannot see", async () => {
      const middle = await findPublicArticle(db, "a2", NOW);
      assert.equal(middle?.previous?.title, "a1");
      assert.equal(middle?.next?.title, "a3");
      const newest = await findPublicArticle(db, "a4", NOW);
      assert.equal(newest?.next, null);
      assert.equal((await findPublicArticle(db, "a0", NOW))?.previous, null);
      assert.equal((await findPublicArticle(db, "a4", NOW + 3 * HOUR))?.next?.title, "soon");
    });

    it("relates articles by shared tags first, then by primary category", async () => {
      const detail = await findPublicArticle(db, "a0", NOW);
      // a3 shares two tags, a1 one; the third comes from the category (newest first, a2).
      assert.deepEqual(titles(detail?.related ?? []), ["a3", "a1", "a2"]);
      assert.ok(!titles(detail?.related ?? []).includes("draft"));
    });

    it("knows when the next scheduled article comes due", async () => {
      assert.equal(await nextScheduledPublication(db, NOW), NOW + 2 * HOUR);
      assert.equal(await nextScheduledPublication(db, NOW + 2 * HOUR), Number.POSITIVE_INFINITY);
    });

    it("never finds drafts or future articles by slug", async () => {
      assert.equal(await findPublicArticle(db, "draft", NOW + 1000 * HOUR), undefined);
      assert.equal(await findPublicArticle(db, "soon", NOW), undefined);
      assert.equal(await findPublicArticle(db, "no-such-article", NOW), undefined);
    });
  });

  describe(`related articles behind hidden ones, on ${dialect}`, () => {
    it("looks past drafts and embargoed articles that outrank every visible one, batch after batch", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const tagNames = ["Lighthouse"];
      for (let i = 0; i < 3; i++)
        await makeArticle(db, NOW, { title: `keeper ${i}`, publishedAt: NOW - 20 * HOUR, tagNames });
      // Added later than the visible ones, so ranked first among equals: more than two batches' worth.
      for (let i = 0; i < 8; i++)
        await makeArticle(db, NOW, {
          title: `hidden ${i}`,
          tagNames,
          ...(i % 2 === 0 ? { status: "draft" as const } : { publishedAt: NOW + HOUR }),
        });
      const page = await makeArticle(db, NOW, { title: "lamp room", tagNames });
      const detail = await findPublicArticle(db, page.slug, NOW);
      assert.deepEqual(
        detail?.related.map((item) => item.title),
        ["keeper 2", "keeper 1", "keeper 0"],
      );
    });
  });

  describe(`the next publication as the page cache asks for it, on ${dialect}`, () => {
    let test: TestStorage;
    let reads = 0;
    before(async () => {
      test = await openTestStorage(dialect, {
        onQuery: (sql) => {
          if (sql.includes("min(")) reads++;
        },
      });
      await makeArticle(test.storage.db, NOW, { title: "soon", publishedAt: NOW + 2 * HOUR });
    });
    after(() => test.dispose());

    it("reads it once until the content changes or its time comes", async () => {
      const nextAt = nextPublicationReader(test.storage);
      assert.equal(await nextAt(NOW), NOW + 2 * HOUR);
      assert.equal(await nextAt(NOW + HOUR), NOW + 2 * HOUR);
      assert.equal(reads, 1);
      // Its time has come: read again, and nothing is due after it.
      assert.equal(await nextAt(NOW + 2 * HOUR), Number.POSITIVE_INFINITY);
      assert.equal(reads, 2);
      // A clock set back is not answered from what was read later.
      assert.equal(await nextAt(NOW), NOW + 2 * HOUR);
      assert.equal(reads, 3);
      // Another article scheduled sooner: the content change makes the next call read again.
      await makeArticle(test.storage.db, NOW, { title: "sooner", publishedAt: NOW + HOUR });
      await markContentChanged(test.storage.db);
      assert.equal(await nextAt(NOW), NOW + HOUR);
      assert.equal(reads, 4);
    });
  });
}
