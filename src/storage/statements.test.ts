import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { openTestStorage, testDialects } from "../../test/helpers/databases.js";
import { fixedLimit, reusableListQuery, reusableQuery, slot } from "./statements.js";
import type { Db, Dialect } from "./storage.js";

/** Tags a…e, and the SQL of each query run since, as the storage's query observer saw it. */
async function tagged(dialect: Dialect) {
  const sent: string[] = [];
  const test = await openTestStorage(dialect, { onQuery: (sql) => sent.push(sql) });
  await test.storage.db
    .insertInto("tags")
    .values(["a", "b", "c", "d", "e"].map((name) => ({ name, slug: name })))
    .execute();
  sent.length = 0;
  return { ...test, sent };
}

/** How many times each query below was built and compiled. */
const builds = { one: 0, list: 0 };

const tagNamed = reusableQuery((db: Db) => {
  builds.one++;
  return db.selectFrom("tags").select("name").where("slug", "=", slot("slug")).where("name", "<>", "z");
});

const tagsNamed = reusableListQuery((db: Db, slugs) => {
  builds.list++;
  return db
    .selectFrom("tags")
    .select("name")
    .where("slug", "in", slugs)
    .where("name", "<>", slot("except"))
    .orderBy("name");
});

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

const firstTwoTags = reusableQuery((db: Db) =>
  db
    .selectFrom("tags")
    .select("name")
    .where("name", "<>", slot("except"))
    .orderBy("name")
    .limit(fixedLimit(2)),
);

for (const dialect of testDialects()) {
  describe(`queries compiled once on ${dialect}`, () => {
    it("binds named values and fixed ones each run, through the handle's query log", async (t) => {
      const test = await tagged(dialect);
      t.after(() => test.dispose());
      const built = builds.one;
      assert.deepEqual(names(await tagNamed(test.storage.db, { slug: "b" })), ["b"]);
      assert.deepEqual(names(await tagNamed(test.storage.db, { slug: "d" })), ["d"]);
      assert.deepEqual(await tagNamed(test.storage.db, { slug: "zz" }), []);
      assert.equal(test.sent.length, 3);
      assert.equal(new Set(test.sent).size, 1, "the same SQL each time");
      assert.equal(builds.one, built + 1, "built once for this database");
      await assert.rejects(tagNamed(test.storage.db, {}), /no value for slug/);
    });

    it("keeps a query per length of list, binding the items in order beside named values", async (t) => {
      const test = await tagged(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const built = builds.list;
      assert.deepEqual(names(await tagsNamed(db, ["e", "a"], { except: "z" })), ["a", "e"]);
      assert.deepEqual(names(await tagsNamed(db, ["b", "c", "d"], { except: "c" })), ["b", "d"]);
      assert.deepEqual(names(await tagsNamed(db, ["c", "b"], { except: "z" })), ["b", "c"]);
      assert.equal(builds.list, built + 2, "one query for two items, one for three");
      const [two, three, twoAgain] = test.sent;
      assert.equal(twoAgain, two);
      assert.notEqual(three, two);
      // Longer than any page's list: compiled for each call, every item bound all the same.
      const many = Array.from({ length: 300 }, (_, index) => `slug-${index}`);
      assert.deepEqual(names(await tagsNamed(db, [...many, "a"], { except: "z" })), ["a"]);
      assert.deepEqual(names(await tagsNamed(db, [...many, "b"], { except: "z" })), ["b"]);
      assert.equal(builds.list, built + 4, "not kept");
    });

    it("writes a fixed limit into the SQL rather than binding it, and takes only row counts", async (t) => {
      const test = await tagged(dialect);
      t.after(() => test.dispose());
      assert.deepEqual(names(await firstTwoTags(test.storage.db, { except: "a" })), ["b", "c"]);
      assert.match(test.sent[0] ?? "", /limit 2$/);
      for (const notACount of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        assert.throws(() => fixedLimit(notACount), /not a row count/);
      }
    });

    it("runs inside a transaction on the transaction's connection", async (t) => {
      const test = await tagged(dialect);
      t.after(() => test.dispose());
      await test.storage.db.transaction().execute(async (trx) => {
        await trx.updateTable("tags").set({ name: "renamed" }).where("slug", "=", "a").execute();
        // Only the transaction's own connection sees the rename before the commit (PostgreSQL's pool
        // has others; SQLite's one connection is the transaction's until it ends).
        assert.deepEqual(names(await tagNamed(trx, { slug: "a" })), ["renamed"]);
      });
      assert.deepEqual(names(await tagNamed(test.storage.db, { slug: "a" })), ["renamed"]);
    });
  });
}
