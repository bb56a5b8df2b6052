import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

/**
 * Review before publish and editorial notes. The review state lives beside the article's status
 * (decision 0038): a pending article stays a draft to every public query.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable("article_reviews")
    .addColumn("article_id", "integer", (col) =>
      col.primaryKey().references("articles.id").onDelete("cascade"),
    )
    .addColumn("state", "varchar(8)", (col) => col.notNull().check(sql`state in ('pending', 'returned')`))
    .addColumn("requested_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("requested_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("article_reviews_state")
    .on("article_reviews")
    .columns(["state", "requested_at"])
    .execute();
  await withId(db, db.schema.createTable("article_notes"))
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    // Kept as written, so a note still says who wrote it after the account is gone.
    .addColumn("author_name", "varchar(200)", (col) => col.notNull())
    .addColumn("kind", "varchar(8)", (col) => col.notNull().check(sql`kind in ('note', 'returned')`))
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("article_notes_article")
    .on("article_notes")
    .columns(["article_id", "created_at"])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("article_notes").execute();
  await db.schema.dropTable("article_reviews").execute();
}
