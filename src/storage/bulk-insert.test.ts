import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openTestStorage, testDialects } from "../../test/helpers/databases.js";
import { insertRows } from "./bulk-insert.js";

for (const dialect of testDialects()) {
  describe(`bulk inserts on ${dialect}`, () => {
    it("inserts every row of repeated batches of one shape, each with its own values", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      // Long enough that SQLite keeps the statement prepared between the batches.
      const batch = (name: string) => Array.from({ length: 600 }, (_, n) => [`${name}-${n}`, `${name} ${n}`]);
      await insertRows(db, "tags", ["slug", "name"], batch("first"));
      await insertRows(db, "tags", ["slug", "name"], batch("second"));
      const rows = await db
        .selectFrom("tags")
        .select(["slug", "name"])
        .where("slug", "like", "%-599")
        .execute();
      assert.deepEqual(rows.map((row) => [row.slug, row.name]).sort(), [
        ["first-599", "first 599"],
        ["second-599", "second 599"],
      ]);
      const { count } = await db
        .selectFrom("tags")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where((eb) => eb.or([eb("slug", "like", "first-%"), eb("slug", "like", "second-%")]))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count), 1200);
    });
  });
}
