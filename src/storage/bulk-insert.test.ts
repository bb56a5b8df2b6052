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

    it("keeps every value as given: separators, escapes, empty strings, NULL, large numbers", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const awkward = [
        "tab\there",
        "two\nlines\r\n",
        "back\\slash \\N \\.",
        "\\.",
        "",
        "naïve ☕ 𝄞",
        "'quoted\"",
      ];
      const rows = awkward.map((bio, n) => [
        `awkward-${n}`,
        `Name ${n}`,
        bio,
        n % 2 ? null : `/media/${n}.jpg`,
        2 ** 52 + n,
      ]);
      await insertRows(db, "authors", ["slug", "name", "bio", "avatar_url", "created_at"], rows);
      const stored = await db
        .selectFrom("authors")
        .select(["slug", "name", "bio", "avatar_url", "created_at"])
        .where("slug", "like", "awkward-%")
        .orderBy("id")
        .execute();
      assert.deepEqual(
        stored.map((row) => [row.slug, row.name, row.bio, row.avatar_url, Number(row.created_at)]),
        rows,
      );
    });

    it("inserts nothing when a row breaks a constraint, and the connection goes on working", async (t) => {
      const test = await openTestStorage(dialect);
      t.after(() => test.dispose());
      const { db } = test.storage;
      const tags = (names: string[]) => names.map((name) => [name, name]);
      await assert.rejects(
        db.transaction().execute((trx) => insertRows(trx, "tags", ["slug", "name"], tags(["a", "b", "a"]))),
        /unique|UNIQUE/,
      );
      await assert.rejects(
        db.transaction().execute((trx) => insertRows(trx, "tags", ["slug", "name"], [["c", { name: "c" }]])),
        dialect === "postgres" ? /COPY cannot send a value of type object/ : TypeError,
      );
      await db.transaction().execute((trx) => insertRows(trx, "tags", ["slug", "name"], tags(["d"])));
      const slugs = await db.selectFrom("tags").select("slug").orderBy("slug").execute();
      assert.deepEqual(
        slugs.map((row) => row.slug),
        ["d"],
      );
    });
  });
}
