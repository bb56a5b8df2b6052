import type { MigrationDb } from "./helpers.js";

/**
 * The editor's autosaved copies (one per article and writer, never the public article) and who has
 * which article open, for "Maren has this article open".
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable("article_autosaves")
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("based_on_revision", "integer", (col) => col.notNull())
    .addColumn("input", "text", (col) => col.notNull())
    .addColumn("saved_at", "bigint", (col) => col.notNull())
    .addPrimaryKeyConstraint("article_autosaves_pk", ["article_id", "user_id"])
    .execute();
  await db.schema
    .createTable("article_presence")
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("seen_at", "bigint", (col) => col.notNull())
    .addPrimaryKeyConstraint("article_presence_pk", ["article_id", "user_id"])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("article_presence").execute();
  await db.schema.dropTable("article_autosaves").execute();
}
