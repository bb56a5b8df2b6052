import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sql } from "kysely";
import { openTestStorage, testDialects } from "../../test/helpers/databases.js";
import { allIndexes } from "../../test/helpers/indexes.js";
import { listForeignKeys, listSecondaryIndexes, withIndexesAndKeysDeferred } from "./deferred-indexes.js";

const TABLES = ["votes", "comments"];

for (const dialect of testDialects()) {
  describe(`deferred indexes on ${dialect}`, () => {
    it("drops the tables' plain secondary indexes for the load and builds the same ones after it", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const before = await allIndexes(db);
      const secondary = await listSecondaryIndexes(db, TABLES);
      assert.ok(secondary.some((index) => index.name === "votes_created"));
      assert.ok(secondary.every((index) => TABLES.includes(index.table)));
      // The unique ones stay: a reader's one vote per article is still enforced during the load.
      assert.ok(secondary.every((index) => !/unique/i.test(index.definition)));

      const keys = await listForeignKeys(db, TABLES);
      // SQLite cannot drop a key; a load there turns the checks off instead.
      if (dialect === "postgres") assert.ok(keys.some((key) => key.name === "votes_article_id_fkey"));
      else assert.deepEqual(keys, []);

      const shown: number[] = [];
      const during = await withIndexesAndKeysDeferred(
        db,
        TABLES,
        async () => ({
          secondary: await listSecondaryIndexes(db, TABLES),
          keys: await listForeignKeys(db, TABLES),
          all: await allIndexes(db),
        }),
        (total) => {
          shown.push(total);
          return { update: (built) => shown.push(built), finish: () => shown.push(-1) };
        },
      );
      assert.deepEqual(during.secondary, []);
      assert.deepEqual(during.keys, []);
      // The total first, then each index and key as it is built, then the end.
      const built = [...secondary, ...keys].map((_, n) => n + 1);
      assert.deepEqual(shown, [secondary.length + keys.length, ...built, -1]);
      assert.equal(during.all.length, before.length - secondary.length);
      assert.deepEqual(await allIndexes(db), before);
      assert.deepEqual(await listForeignKeys(db, TABLES), keys);
    });

    it("builds them again when the load fails, and passes the failure on", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const before = await allIndexes(db);
      await assert.rejects(
        withIndexesAndKeysDeferred(db, TABLES, async () => {
          throw new Error("load failed");
        }),
        /load failed/,
      );
      assert.deepEqual(await allIndexes(db), before);
    });

    if (dialect === "postgres") {
      it("reports a row the load left breaking a key, and the key goes on refusing new ones", async (t) => {
        const test = await openTestStorage(dialect);
        t.after(() => test.dispose());
        const { db } = test.storage;
        const voteFor = (articleId: number) =>
          sql`insert into votes (article_id, voter_key, value, status, ip_hash, network_hash, fresh_voter, created_at, updated_at)
            values (${articleId}, 'anon:x', 1, 'counted', 'ip', 'net', 0, 0, 0)`;
        await assert.rejects(
          withIndexesAndKeysDeferred(db, TABLES, () => voteFor(404).execute(db)),
          /votes_article_id_fkey/,
        );
        assert.ok((await listForeignKeys(db, TABLES)).some((key) => key.name === "votes_article_id_fkey"));
        await db.deleteFrom("votes").execute();
        await assert.rejects(voteFor(405).execute(db), /violates foreign key constraint/);
      });
    }
  });
}
