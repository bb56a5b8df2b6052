import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

/**
 * Pages as a second kind of article (one slug namespace), category parents, stored redirects, the
 * legacy vote tally carried over from another platform, and the links that make an import idempotent.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .alterTable("articles")
    .addColumn("kind", "varchar(8)", (col) =>
      col.notNull().defaultTo("article").check(sql`kind in ('article', 'page')`),
    )
    .execute();
  await db.schema
    .alterTable("categories")
    .addColumn("parent_id", "integer", (col) => col.references("categories.id").onDelete("set null"))
    .execute();

  await withId(db, db.schema.createTable("redirects"))
    .addColumn("from_path", "varchar(600)", (col) => col.notNull().unique())
    .addColumn("to_url", "varchar(600)", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();

  // Totals imported from elsewhere (no per-reader rows exist for them), kept apart from `up`/`down`
  // so `votes verify` can still check those against the vote rows.
  await db.schema
    .alterTable("vote_counters")
    .addColumn("legacy_up", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable("vote_counters")
    .addColumn("legacy_down", "integer", (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("import_links")
    .addColumn("source", "varchar(16)", (col) => col.notNull())
    .addColumn("kind", "varchar(16)", (col) => col.notNull())
    .addColumn("source_id", "varchar(300)", (col) => col.notNull())
    .addColumn("target_id", "integer", (col) => col.notNull())
    /** A hash of what was imported, so an unchanged item is skipped and a changed one updated. */
    .addColumn("fingerprint", "varchar(64)", (col) => col.notNull())
    .addPrimaryKeyConstraint("import_links_pk", ["source", "kind", "source_id"])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("import_links").execute();
  await db.schema.alterTable("vote_counters").dropColumn("legacy_down").execute();
  await db.schema.alterTable("vote_counters").dropColumn("legacy_up").execute();
  await db.schema.dropTable("redirects").execute();
  await db.schema.alterTable("categories").dropColumn("parent_id").execute();
  await db.schema.alterTable("articles").dropColumn("kind").execute();
}
