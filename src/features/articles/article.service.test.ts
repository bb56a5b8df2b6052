import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { openTestStorage, type TestStorage, testDialects } from "../../../test/helpers/databases.js";
import {
  articleInput,
  HOUR,
  makeArticle,
  makeAuthor,
  makeCategory,
} from "../../../test/helpers/factories.js";
import { readContentVersion } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import { findMovedArticleSlug, findPublicArticle } from "./article.queries.js";
import { updateArticle } from "./article.service.js";
import { markdownToDoc } from "./document/doc.from-markdown.js";

const NOW = Date.UTC(2026, 10, 25, 12);

for (const dialect of testDialects()) {
  describe(`article service on ${dialect}`, () => {
    let test: TestStorage;
    let db: Db;
    before(async () => {
      test = await openTestStorage(dialect);
      db = test.storage.db;
    });
    after(() => test.dispose());

    it("stores the article with rendered HTML, ordered links and attributions", async () => {
      const [politics, mideast] = [await makeCategory(db, "Politics"), await makeCategory(db, "Middle East")];
      const [first, second] = [await makeAuthor(db, "Ada"), await makeAuthor(db, "Ben")];
      const article = await makeArticle(db, NOW, {
        title: "Ministry doubles down",
        body: markdownToDoc("The photos north of #Deir_ez_Zor were *clear*."),
        categoryIds: [mideast.id, politics.id],
        authorIds: [second.id, first.id],
        tagNames: ["Syria"],
        attributions: [
          { kind: "via", outlet: "Wire One", url: "https://example.com/a" },
          { kind: "quoted", outlet: "Agency Two", url: null },
        ],
      });
      assert.equal(article.slug, "ministry-doubles-down");
      assert.equal(article.primaryCategoryId, mideast.id);
      assert.match(article.bodyHtml, /<em>clear<\/em>/);
      assert.match(article.bodyHtml, /href="\/tag\/deir-ez-zor\/"/);

      const detail = await findPublicArticle(db, article.slug, NOW);
      assert.ok(detail);
      assert.deepEqual(
        detail.categories.map((c) => c.name),
        ["Middle East", "Politics"],
      );
      assert.deepEqual(
        detail.authors.map((a) => a.name),
        ["Ben", "Ada"],
      );
      // The hashtag became a real tag, so its link leads to a page that lists this article.
      assert.deepEqual(
        detail.tags.map((t) => t.name),
        ["Syria", "Deir ez Zor"],
      );
      assert.deepEqual(detail.attributions, [
        { kind: "via", outlet: "Wire One", url: "https://example.com/a" },
        { kind: "quoted", outlet: "Agency Two", url: null },
      ]);
    });

    it("makes slugs unique, ASCII, and keeps them off the site's own paths", async () => {
      const one = await makeArticle(db, NOW, { title: "Same title" });
      const two = await makeArticle(db, NOW, { title: "Same title" });
      const greek = await makeArticle(db, NOW, { title: "Καλώς ήρθατε στο λιμάνι" });
      const reserved = await makeArticle(db, NOW, { title: "Admin" });
      const emoji = await makeArticle(db, NOW, { title: "🎉" });
      assert.equal(one.slug, "same-title");
      assert.equal(two.slug, "same-title-2");
      assert.equal(greek.slug, "kalos-irthate-sto-limani");
      assert.equal(reserved.slug, "admin-article");
      assert.match(emoji.slug, /^article(-\d+)?$/);
    });

    it("schedules a future article and publishes a past one, with no job", async () => {
      const scheduled = await makeArticle(db, NOW, { status: "published", publishedAt: NOW + HOUR });
      const draft = await makeArticle(db, NOW, { status: "draft", publishedAt: null });
      assert.equal(scheduled.status, "scheduled");
      assert.equal(await findPublicArticle(db, scheduled.slug, NOW), undefined);
      assert.ok(await findPublicArticle(db, scheduled.slug, NOW + HOUR));
      assert.equal(draft.status, "draft");
      assert.equal(await findPublicArticle(db, draft.slug, NOW + 1000 * HOUR), undefined);
    });

    it("re-renders the body, redirects the old slug and bumps the content version on update", async () => {
      const article = await makeArticle(db, NOW, { title: "First headline", body: markdownToDoc("old") });
      const versionBefore = await readContentVersion(db);
      const updated = await updateArticle(
        db,
        article.id,
        articleInput({
          title: "Better headline",
          slug: "better-headline",
          standfirst: "",
          body: markdownToDoc("**new**"),
          publishedAt: article.publishedAt,
        }),
        article.revision,
        NOW + 1,
      );
      assert.equal(updated.slug, "better-headline");
      assert.equal(updated.bodyHtml.trim(), "<p><strong>new</strong></p>");
      assert.equal(updated.revision, article.revision + 1);
      assert.equal(await findMovedArticleSlug(db, "first-headline"), "better-headline");
      assert.ok((await readContentVersion(db)) > versionBefore);
    });

    it("refuses a save based on an old revision instead of overwriting", async () => {
      const article = await makeArticle(db, NOW, { title: "Contested" });
      const input = articleInput({ title: "Mine", publishedAt: article.publishedAt });
      await updateArticle(db, article.id, input, article.revision, NOW);
      await assert.rejects(
        updateArticle(db, article.id, { ...input, title: "Theirs" }, article.revision, NOW),
        (error: Error & { status?: number }) => error.status === 409,
      );
      assert.equal((await findPublicArticle(db, "contested", NOW))?.article.title, "Mine");
    });

    it("lets an article take back its old slug without a redirect loop", async () => {
      const article = await makeArticle(db, NOW, { title: "Round trip" });
      const base = articleInput({ publishedAt: article.publishedAt });
      const moved = await updateArticle(
        db,
        article.id,
        { ...base, title: "x", slug: "round-trip-2026" },
        1,
        NOW,
      );
      const back = await updateArticle(
        db,
        article.id,
        { ...base, title: "x", slug: "round-trip" },
        moved.revision,
        NOW,
      );
      assert.equal(back.slug, "round-trip");
      assert.equal(await findMovedArticleSlug(db, "round-trip"), undefined);
      assert.equal(await findMovedArticleSlug(db, "round-trip-2026"), "round-trip");
    });
  });
}
