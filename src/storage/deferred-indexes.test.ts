import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openTestStorage, testDialects } from "../../test/helpers/databases.js";
import { allIndexes } from "../../test/helpers/indexes.js";
import { listSecondaryIndexes, withIndexesDeferred } from "./deferred-indexes.js";

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

      const shown: number[] = [];
      const during = await withIndexesDeferred(
        db,
        TABLES,
        async () => ({ secondary: await listSecondaryIndexes(db, TABLES), all: await allIndexes(db) }),
        (total) => {
          shown.push(total);
          return { update: (built) => shown.push(built), finish: () => shown.push(-1) };
        },
      );
      assert.deepEqual(during.secondary, []);
      // The total first, then each index as it is built, then the end.
      const built = secondary.map((_, n) => n + 1);
      assert.deepEqual(shown, [secondary.length, ...built, -1]);
      assert.equal(during.all.length, before.length - secondary.length);
      assert.deepEqual(await allIndexes(db), before);
    });

    it("builds them again when the load fails, and passes the failure on", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const before = await allIndexes(db);
      await assert.rejects(
        withIndexesDeferred(db, TABLES, async () => {
          throw new Error("load failed");
        }),
        /load failed/,
      );
      assert.deepEqual(await allIndexes(db), before);
    });
  });
}
