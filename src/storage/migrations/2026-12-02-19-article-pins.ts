import type { MigrationDb } from "./helpers.js";

/**
 * Stories staff pin to the top of the front page (decision 0044). A table of its own rather than a
 * column on `articles`: pins are few, the home page reads them newest pin first through the index, and
 * an unpinned archive carries no extra column.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable("article_pins")
    .addColumn("article_id", "integer", (col) =>
      col.primaryKey().references("articles.id").onDelete("cascade"),
    )
    .addColumn("pinned_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("article_pins_pinned_at")
    .on("article_pins")
    .columns(["pinned_at", "article_id"])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("article_pins").execute();
}
