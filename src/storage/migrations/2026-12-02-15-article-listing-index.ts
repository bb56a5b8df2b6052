import type { MigrationDb } from "./helpers.js";

/**
 * Public lists walk articles newest first, and the list positions (article.positions.ts) read every
 * visible id of a list in that order. The older (status, published_at, id) index serves that order
 * only status by status, so the database had to sort the whole archive for each page; this one is
 * in list order, and carries status and kind so visibility is decided without reading the rows.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex("articles_listing")
    .on("articles")
    .columns(["published_at", "id", "status", "kind"])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex("articles_listing").execute();
}
