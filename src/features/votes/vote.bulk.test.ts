import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openTestStorage, testDialects } from "../../../test/helpers/databases.js";
import { insertRows } from "../../storage/bulk-insert.js";
import { type GeneratedVote, insertGeneratedVotes } from "./vote.bulk.js";
import { findCounterDrift } from "./vote.repository.js";

/** More articles than one statement could carry counters for: SQLite binds at most 32,766 values. */
const ARTICLES = 11_000;

for (const dialect of testDialects()) {
  describe(`generated votes on ${dialect}`, () => {
    it("counts a batch that reaches a vote or two on each of many thousands of articles", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const ids = Array.from({ length: ARTICLES }, (_, n) => n + 1);
      await insertRows(
        db,
        "articles",
        [
          "id",
          "slug",
          "title",
          "standfirst",
          "body_html",
          "status",
          "published_at",
          "created_at",
          "updated_at",
        ],
        ids.map((id) => [id, `old-story-${id}`, "Old story", "", "<p>Text.</p>", "published", 0, 0, 0]),
      );
      const vote = (articleId: number, n: number): GeneratedVote => ({
        articleId,
        voterKey: `anon:reader${n}`,
        value: n % 3 === 0 ? -1 : 1,
        status: "counted",
        heldReason: null,
        ipHash: "address",
        networkHash: "network",
        createdAt: n,
      });
      const votes = ids.flatMap((id) => (id % 2 ? [vote(id, 1)] : [vote(id, 2), vote(id, 3)]));
      await db.transaction().execute((trx) => insertGeneratedVotes(trx, votes));
      assert.deepEqual(await findCounterDrift(db), []);
      const counters = await db
        .selectFrom("vote_counters")
        .select((eb) => [
          eb.fn.countAll().as("articles"),
          eb.fn.sum("up").as("up"),
          eb.fn.sum("down").as("down"),
        ])
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        [Number(counters.articles), Number(counters.up), Number(counters.down)],
        [ARTICLES, ARTICLES, ARTICLES / 2],
      );
    });
  });
}
