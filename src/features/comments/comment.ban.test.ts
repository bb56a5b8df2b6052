import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { seedComment } from "../../../test/helpers/comments.js";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { makeArticle } from "../../../test/helpers/factories.js";
import type { Db } from "../../storage/storage.js";
import { findComment, isBanned } from "./comment.repository.js";
import { banCommenter } from "./comment.service.js";

const NOW = Date.UTC(2026, 10, 1);

async function statusOf(db: Db, id: number) {
  return (await findComment(db, id))?.status;
}

for (const dialect of testDialects()) {
  describe(`banning a commenter on ${dialect}`, () => {
    it("bans the address and key, and sends only that commenter's queued comments to spam", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const article = await makeArticle(db, NOW);
      const seed = (key: string, policy: "publish" | "hold-all" = "hold-all") =>
        seedComment(db, { articleId: article.id, now: NOW, key, policy });
      const first = await seed("guest:troll");
      const second = await seed("guest:troll");
      const published = await seed("guest:troll", "publish");
      const bystander = await seed("guest:bystander");
      await db
        .updateTable("comments")
        .set({ author_email: "bystander@example.org" })
        .where("id", "=", bystander.id)
        .execute();
      const comment = await findComment(db, first.id);
      assert.ok(comment);

      assert.equal(await banCommenter(db, comment, NOW), 2);
      assert.equal(await statusOf(db, first.id), "spam");
      assert.equal(await statusOf(db, second.id), "spam");
      assert.equal(await statusOf(db, published.id), "approved", "published comments stay");
      assert.equal(await statusOf(db, bystander.id), "pending");
      assert.ok(await isBanned(db, ["guest:troll"]));
      assert.ok(await isBanned(db, [`email:${comment.author_email}`]));
      assert.equal(await banCommenter(db, comment, NOW), 0, "banning twice changes nothing");
    });

    it("matches no one else when the comment has no address or no key (a deleted reader's)", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const article = await makeArticle(db, NOW);
      const orphan = await seedComment(db, {
        articleId: article.id,
        now: NOW,
        key: "guest:gone",
        policy: "hold-all",
      });
      const other = await seedComment(db, {
        articleId: article.id,
        now: NOW,
        key: "guest:other",
        policy: "hold-all",
      });
      await db
        .updateTable("comments")
        .set({ author_email: null, author_key: null })
        .where("id", "=", orphan.id)
        .execute();
      await db
        .updateTable("comments")
        .set({ author_email: "", author_key: "" })
        .where("id", "=", other.id)
        .execute();
      const comment = await findComment(db, orphan.id);
      assert.ok(comment);
      assert.equal(await banCommenter(db, comment, NOW), 0);
      assert.equal(
        await statusOf(db, other.id),
        "pending",
        "an empty address is not a match for a missing one",
      );
      assert.equal(await isBanned(db, ["email:", ""]), false, "no empty ban is written");
    });
  });
}
