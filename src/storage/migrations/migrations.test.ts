import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Kysely, type Migration, sql } from "kysely";
import { openTestStorage, testDialects, whileSchemasStill } from "../../../test/helpers/databases.js";
import { MIGRATIONS, migrateToLatest, migrationStatus, NewerDatabaseError } from "./index.js";

const later = (table: string, fail = false): Migration => ({
  up: async (db: Kysely<unknown>) => {
    await db.schema.createTable(table).addColumn("id", "integer").execute();
    if (fail) throw new Error("disk full");
  },
});

const tableExists = async (db: Kysely<unknown>, table: string) => {
  try {
    await sql`select 1 from ${sql.table(table)}`.execute(db);
    return true;
  } catch {
    return false;
  }
};

for (const dialect of testDialects()) {
  describe(`migrations on ${dialect}`, () => {
    it("lists applied migrations with their dates and pending ones", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const known = { ...MIGRATIONS, "2099-01-01-01-later": later("later_things") };
      await whileSchemasStill(dialect, async () => {
        const before = await migrationStatus(storage, known);
        assert.deepEqual(before.pending, ["2099-01-01-01-later"]);
        assert.deepEqual(
          before.applied.map((migration) => migration.name),
          Object.keys(MIGRATIONS),
        );
        assert.ok(before.applied.every((migration) => migration.appliedAt instanceof Date));
      });
    });

    it("applies each migration in its own transaction, keeping the ones before a failure", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      const known = {
        ...MIGRATIONS,
        "2099-01-01-01-good": later("good_things"),
        "2099-01-01-02-bad": later("half_done_things", true),
      };
      await whileSchemasStill(dialect, async () => {
        await assert.rejects(
          migrateToLatest(storage, undefined, known),
          /Migration failed in 2099-01-01-02-bad: disk full/,
        );
        const status = await migrationStatus(storage, known);
        assert.deepEqual(status.pending, ["2099-01-01-02-bad"]);
        assert.ok(status.applied.some((migration) => migration.name === "2099-01-01-01-good"));
      });
      assert.equal(await tableExists(storage.db as Kysely<unknown>, "good_things"), true);
      assert.equal(await tableExists(storage.db as Kysely<unknown>, "half_done_things"), false);
    });

    it("refuses a database that a newer version migrated", async (t) => {
      const { storage, dispose } = await openTestStorage(dialect);
      t.after(dispose);
      await whileSchemasStill(dialect, async () => {
        await migrateToLatest(storage, undefined, { ...MIGRATIONS, "2099-01-01-01-later": later("later") });
        await assert.rejects(migrateToLatest(storage), (error: unknown) => {
          assert.ok(error instanceof NewerDatabaseError);
          assert.match(error.message, /newer Masthead .* 2099-01-01-01-later/);
          return true;
        });
        await assert.rejects(migrationStatus(storage), NewerDatabaseError);
      });
    });
  });
}
