import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

// Timestamps are epoch milliseconds (bigint) in both dialects: exact, sortable, and free of time zones.
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable("authors"))
    .addColumn("slug", "varchar(120)", (col) => col.notNull().unique())
    .addColumn("name", "varchar(200)", (col) => col.notNull())
    .addColumn("bio", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("avatar_url", "varchar(500)")
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();

  await withId(db, db.schema.createTable("categories"))
    .addColumn("slug", "varchar(120)", (col) => col.notNull().unique())
    .addColumn("name", "varchar(200)", (col) => col.notNull())
    .addColumn("description", "text", (col) => col.notNull().defaultTo(""))
    .execute();

  await withId(db, db.schema.createTable("tags"))
    .addColumn("slug", "varchar(120)", (col) => col.notNull().unique())
    .addColumn("name", "varchar(200)", (col) => col.notNull())
    .execute();

  await withId(db, db.schema.createTable("articles"))
    .addColumn("slug", "varchar(120)", (col) => col.notNull().unique())
    .addColumn("title", "varchar(300)", (col) => col.notNull())
    .addColumn("standfirst", "text", (col) => col.notNull().defaultTo(""))
    .addColumn("body_markdown", "text", (col) => col.notNull())
    .addColumn("body_html", "text", (col) => col.notNull())
    .addColumn("status", "varchar(16)", (col) =>
      col.notNull().check(sql`status in ('draft', 'scheduled', 'published')`),
    )
    .addColumn("published_at", "bigint")
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("updated_at", "bigint", (col) => col.notNull())
    .addColumn("revision", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("primary_category_id", "integer", (col) =>
      col.references("categories.id").onDelete("restrict"),
    )
    .addColumn("image_url", "varchar(500)")
    .addColumn("image_alt", "varchar(500)")
    .addColumn("image_caption", "text")
    .addColumn("image_credit", "varchar(300)")
    .addColumn("image_width", "integer")
    .addColumn("image_height", "integer")
    .execute();
  // Every public list is "visible articles, newest first"; prev/next walk the same index.
  await db.schema
    .createIndex("articles_status_published_at")
    .on("articles")
    .columns(["status", "published_at", "id"])
    .execute();

  await linkTable(db, "article_categories", "category_id", "categories");
  await linkTable(db, "article_tags", "tag_id", "tags");
  await linkTable(db, "article_authors", "author_id", "authors");

  await withId(db, db.schema.createTable("article_attributions"))
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addColumn("kind", "varchar(16)", (col) => col.notNull().check(sql`kind in ('via', 'quoted', 'source')`))
    .addColumn("outlet", "varchar(200)", (col) => col.notNull())
    .addColumn("url", "varchar(1000)")
    .execute();
  await db.schema
    .createIndex("article_attributions_article")
    .on("article_attributions")
    .columns(["article_id", "position"])
    .execute();

  await db.schema
    .createTable("article_slug_redirects")
    .addColumn("old_slug", "varchar(120)", (col) => col.primaryKey())
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .execute();

  await db.schema
    .createTable("settings")
    .addColumn("key", "varchar(100)", (col) => col.primaryKey())
    .addColumn("value", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("content_version")
    .addColumn("id", "integer", (col) => col.primaryKey())
    .addColumn("version", "bigint", (col) => col.notNull())
    .execute();
  await db.insertInto("content_version").values({ id: 1, version: 1 }).execute();
}

/** An ordered many-to-many link from articles, indexed for "articles with this X". */
async function linkTable(db: MigrationDb, table: string, column: string, target: string) {
  await db.schema
    .createTable(table)
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn(column, "integer", (col) => col.notNull().references(`${target}.id`).onDelete("cascade"))
    .addColumn("position", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ["article_id", column])
    .execute();
  await db.schema.createIndex(`${table}_${column}`).on(table).columns([column, "article_id"]).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    "content_version",
    "settings",
    "article_slug_redirects",
    "article_attributions",
    "article_authors",
    "article_tags",
    "article_categories",
    "articles",
    "tags",
    "categories",
    "authors",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
