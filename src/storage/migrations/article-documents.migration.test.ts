import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openTestStorage } from "../../../test/helpers/databases.js";
import { insertOldArticle, type OldDb } from "../../../test/helpers/old-schema.js";
import { demoArticles } from "../../features/demo/demo-content.js";

async function insertMarkdownArticle(db: OldDb, slug: string, markdown: string) {
  const id = await insertOldArticle(db, slug, { body_markdown: markdown, body_html: "(stale)" });
  await db
    .insertInto("article_revisions")
    .values({
      article_id: id,
      revision: 1,
      user_id: null,
      created_at: 1,
      snapshot: JSON.stringify({ title: slug, bodyMarkdown: markdown }),
    })
    .execute();
  return id;
}

for (const dialect of ["sqlite", ...(process.env.TEST_POSTGRES_URL ? ["postgres" as const] : [])] as const) {
  describe(`the article-documents migration on ${dialect}`, () => {
    it("converts every Markdown body and revision once, renders the same HTML, and drops the Markdown column", async (t) => {
      const { storage, migrateRest, dispose } = await openTestStorage(dialect, {
        upTo: "2026-11-25-07-vote-network-hours-pruning",
      });
      t.after(dispose);
      const db = storage.db as OldDb;
      const sample = demoArticles.find((article) => article.bodyMarkdown.includes("#"))?.bodyMarkdown ?? "";
      const id = await insertMarkdownArticle(db, "old-one", sample);
      await insertMarkdownArticle(db, "old-two", '**Bold** then ![A map](/media/map.png "The map")');
      await migrateRest();
      const row = await db.selectFrom("articles").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
      assert.equal(row.body_markdown, undefined);
      const doc = JSON.parse(row.body_doc);
      assert.equal(doc.type, "doc");
      assert.ok(doc.content.length > 1);
      assert.match(row.body_html, /<a class="hashtag" href="\/tag\//);
      const two = await db
        .selectFrom("articles")
        .select("body_html")
        .where("slug", "=", "old-two")
        .executeTakeFirstOrThrow();
      assert.match(
        two.body_html,
        /<p><strong>Bold<\/strong> then<\/p>\n<figure class="article-figure"><img src="\/media\/map.png" alt="A map"/,
      );
      const revision = await db
        .selectFrom("article_revisions")
        .select("snapshot")
        .where("article_id", "=", id)
        .executeTakeFirstOrThrow();
      const snapshot = JSON.parse(revision.snapshot);
      assert.equal(snapshot.bodyMarkdown, undefined);
      assert.deepEqual(snapshot.body, doc);
    });
  });
}
