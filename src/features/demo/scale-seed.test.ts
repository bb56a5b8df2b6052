import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { seedComment } from "../../../test/helpers/comments.js";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { allForeignKeys, allIndexes } from "../../../test/helpers/indexes.js";
import type { Db } from "../../storage/storage.js";
import { findPublicArticle, listArticles } from "../articles/article.queries.js";
import { createArticle } from "../articles/article.service.js";
import { markdownToDoc } from "../articles/document/doc.from-markdown.js";
import { commentCheck } from "../comments/comment.integrity.js";
import { searchArticles } from "../search/search.service.js";
import { findCounterDrift } from "../votes/vote.repository.js";
import { seedAtScale } from "./scale-seed.js";

const NOW = Date.UTC(2026, 11, 1, 12);

const countOf = async (db: Db, table: "articles" | "comments" | "votes" | "article_revisions") =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Replies whose thread or depth disagrees with their parent's. */
async function misplacedReplies(db: Db) {
  return db
    .selectFrom("comments as reply")
    .innerJoin("comments as parent", "parent.id", "reply.parent_id")
    .select("reply.id")
    .where((eb) =>
      eb.or([
        eb("reply.thread_id", "<>", eb.ref("parent.thread_id")),
        eb("reply.depth", "<>", eb(eb.ref("parent.depth"), "+", 1)),
        eb("reply.article_id", "<>", eb.ref("parent.article_id")),
      ]),
    )
    .execute();
}

for (const dialect of testDialects()) {
  describe(`seeding at scale on ${dialect}`, () => {
    it("adds the articles, threaded comments and votes asked for, with counters matching their rows", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const counts = { articles: 240, comments: 1_500, votes: 4_000 };
      const migrated = { indexes: await allIndexes(db), keys: await allForeignKeys(db) };
      assert.ok(migrated.keys.some((key) => key.startsWith("votes ")));
      // As seed-demo does on an empty site: the secondary indexes (and keys) are built after the load.
      const added = await seedAtScale(db, { counts, now: NOW, deferIndexes: true });
      assert.deepEqual(
        await allIndexes(db),
        migrated.indexes,
        "the indexes the migrations created, no more, no less",
      );
      assert.deepEqual(await allForeignKeys(db), migrated.keys, "every foreign key back, and checked");
      assert.equal(added.lastId - added.firstId + 1, 240);
      assert.equal(await countOf(db, "articles"), 240);
      assert.equal(await countOf(db, "article_revisions"), 240);
      assert.equal(await countOf(db, "comments"), 1_500);
      assert.equal(await countOf(db, "votes"), 4_000);
      assert.deepEqual(await findCounterDrift(db), []);
      assert.deepEqual(await commentCheck.problems(db), []);
      assert.deepEqual(await misplacedReplies(db), []);
      // The checks walk the archive in ranges: a counter off at either end is found.
      for (const articleId of [added.firstId, added.lastId]) {
        await db.deleteFrom("vote_counters").where("article_id", "=", articleId).execute();
        await db.insertInto("vote_counters").values({ article_id: articleId, up: 9_999, down: 0 }).execute();
        await db.deleteFrom("comment_counters").where("article_id", "=", articleId).execute();
        await db
          .insertInto("comment_counters")
          .values({ article_id: articleId, approved: 9_999, version: 1 })
          .execute();
      }
      assert.deepEqual(
        (await findCounterDrift(db)).map((drift) => drift.articleId),
        [added.firstId, added.lastId],
      );
      assert.equal((await commentCheck.problems(db)).length, 2);
      if (dialect === "sqlite") {
        // The load's own settings are undone: the site's durability and checks are back.
        const pragma = async (name: string) =>
          Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] ?? {})[0];
        assert.equal(await pragma("synchronous"), 2);
        assert.equal(await pragma("foreign_keys"), 1);
      }
      const deepest = await db
        .selectFrom("comments")
        .select((eb) => eb.fn.max("depth").as("depth"))
        .executeTakeFirstOrThrow();
      assert.ok(Number(deepest.depth) >= 2, "threads have replies to replies");

      // Listed newest first, with sections, tags and authors, and found by search.
      const newest = (await listArticles(db, { now: NOW, page: 1, perPage: 5 })).items[0];
      assert.ok(newest);
      const detail = await findPublicArticle(db, newest.slug, NOW);
      assert.ok(detail && detail.categories.length > 0 && detail.authors.length > 0);
      assert.match(detail.article.bodyHtml, /<p>/);
      const word = newest.title.split(" ")[0] ?? "";
      const found = await searchArticles(db, {
        query: word,
        filter: {},
        page: 1,
        perPage: 50,
        now: NOW,
        language: "en",
      });
      assert.ok(found.items.length > 0, `search finds "${word}"`);
    });

    it("runs again on top of itself and of articles saved the usual way, ids and counters carrying on", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const counts = { articles: 60, comments: 300, votes: 900 };
      await seedAtScale(db, { counts, now: NOW });
      const saved = await createArticle(
        db,
        {
          title: "Written by hand",
          standfirst: "",
          body: markdownToDoc("Text."),
          status: "published",
          publishedAt: NOW - 1000,
          categoryIds: [],
          tagNames: [],
          authorIds: [],
          image: null,
          attributions: [],
        },
        NOW,
      );
      await seedComment(db, { articleId: saved.id, now: NOW });
      await seedAtScale(db, { counts, now: NOW });
      assert.equal(await countOf(db, "articles"), 121);
      assert.equal(await countOf(db, "comments"), 601);
      assert.equal(await countOf(db, "votes"), 1_800);
      assert.deepEqual(await findCounterDrift(db), []);
      assert.deepEqual(await commentCheck.problems(db), []);
      await seedComment(db, { articleId: saved.id, now: NOW });
    });

    it("gives a few articles the long threads of a popular story", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      await seedAtScale(db, { counts: { articles: 40, comments: 22_000, votes: 0 }, now: NOW });
      const long = await db
        .selectFrom("comments")
        .select("article_id")
        .groupBy("article_id")
        .having((eb) => eb.fn.countAll(), ">=", 2_000)
        .execute();
      assert.ok(long.length >= 5, `${long.length} articles with 2,000 comments or more`);
      assert.deepEqual(await commentCheck.problems(db), []);
    });
  });
}
