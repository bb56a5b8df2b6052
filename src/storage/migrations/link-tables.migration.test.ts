import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { insertOldArticle as insertArticle, type OldDb } from "../../../test/helpers/old-schema.js";

const linksOf = (db: OldDb, articleId: number) =>
  db
    .selectFrom("article_tags")
    .select(["tag_id", "position"])
    .where("article_id", "=", articleId)
    .orderBy("position")
    .execute();

for (const dialect of testDialects()) {
  describe(`the link-tables migration on ${dialect}`, () => {
    it("keeps every link, its order and its cascades, and stores SQLite's in key order", async (t) => {
      const { storage, migrateRest, dispose } = await openTestStorage(dialect, {
        upTo: "2026-12-03-01-search-visibility-index",
      });
      t.after(dispose);
      const db = storage.db as OldDb;
      const [kept, removed] = [await insertArticle(db, "kept"), await insertArticle(db, "removed")];
      const tags = await db
        .insertInto("tags")
        .values(["b", "a", "c"].map((name) => ({ slug: name, name })))
        .returning("id")
        .execute();
      const [first, second, third] = tags.map((tag) => tag.id as number);
      await db
        .insertInto("article_tags")
        .values([
          { article_id: kept, tag_id: third, position: 0 },
          { article_id: kept, tag_id: first, position: 1 },
          { article_id: kept, tag_id: second, position: 2 },
          { article_id: removed, tag_id: first, position: 0 },
        ])
        .execute();

      await migrateRest();

      assert.deepEqual(await linksOf(db, kept), [
        { tag_id: third, position: 0 },
        { tag_id: first, position: 1 },
        { tag_id: second, position: 2 },
      ]);
      await db.deleteFrom("articles").where("id", "=", removed).execute();
      assert.deepEqual(await linksOf(db, removed), []);
      await db.deleteFrom("tags").where("id", "=", second).execute();
      assert.equal((await linksOf(db, kept)).length, 2);
      await assert.rejects(
        db.insertInto("article_tags").values({ article_id: kept, tag_id: first, position: 9 }).execute(),
        /unique|duplicate/i,
      );
      if (dialect === "sqlite") {
        const { rows } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
          where tbl_name in ('article_tags', 'article_categories', 'article_authors') order by name`.execute(
          db,
        );
        const tables = rows.filter((row) => !row.name.includes("_id"));
        assert.equal(tables.length, 3);
        for (const table of tables) assert.match(table.sql, /without rowid$/i, table.name);
        const indexes = rows.map((row) => row.name).filter((name) => name.endsWith("_id"));
        assert.deepEqual(indexes, [
          "article_authors_author_id",
          "article_categories_category_id",
          "article_tags_tag_id",
        ]);
      }
    });
  });
}
