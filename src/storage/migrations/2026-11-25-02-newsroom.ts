import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

/** Staff accounts, sessions, one-time tokens, login throttling, revisions, media and taxonomy redirects. */
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable("users"))
    .addColumn("email", "varchar(320)", (col) => col.notNull().unique())
    .addColumn("name", "varchar(200)", (col) => col.notNull())
    .addColumn("role", "varchar(16)", (col) =>
      col.notNull().check(sql`role in ('contributor', 'author', 'editor', 'administrator', 'owner')`),
    )
    .addColumn("password_hash", "varchar(300)")
    .addColumn("author_id", "integer", (col) => col.notNull().references("authors.id").onDelete("restrict"))
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("suspended_at", "bigint")
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("token_hash", "varchar(64)", (col) => col.primaryKey())
    .addColumn("user_id", "integer", (col) => col.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("expires_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("user_tokens")
    .addColumn("token_hash", "varchar(64)", (col) => col.primaryKey())
    .addColumn("purpose", "varchar(16)", (col) => col.notNull().check(sql`purpose in ('setup', 'password')`))
    .addColumn("user_id", "integer", (col) => col.references("users.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("expires_at", "bigint", (col) => col.notNull())
    .addColumn("used_at", "bigint")
    .execute();

  await withId(db, db.schema.createTable("login_failures"))
    .addColumn("subject", "varchar(400)", (col) => col.notNull())
    .addColumn("failed_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("login_failures_subject")
    .on("login_failures")
    .columns(["subject", "failed_at"])
    .execute();

  await withId(db, db.schema.createTable("article_revisions"))
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("revision", "integer", (col) => col.notNull())
    .addColumn("user_id", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("snapshot", "text", (col) => col.notNull())
    .addUniqueConstraint("article_revisions_unique", ["article_id", "revision"])
    .execute();

  await withId(db, db.schema.createTable("media"))
    .addColumn("file_key", "varchar(100)", (col) => col.notNull().unique())
    .addColumn("original_name", "varchar(300)", (col) => col.notNull())
    .addColumn("content_type", "varchar(50)", (col) => col.notNull())
    .addColumn("bytes", "integer", (col) => col.notNull())
    .addColumn("width", "integer", (col) => col.notNull())
    .addColumn("height", "integer", (col) => col.notNull())
    .addColumn("variant_widths", "varchar(200)", (col) => col.notNull())
    .addColumn("alt", "varchar(500)", (col) => col.notNull().defaultTo(""))
    .addColumn("uploaded_by", "integer", (col) => col.references("users.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("media_created").on("media").columns(["created_at", "id"]).execute();

  for (const [table, target] of [
    ["category_slug_redirects", "categories"],
    ["tag_slug_redirects", "tags"],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn("old_slug", "varchar(120)", (col) => col.primaryKey())
      .addColumn("target_id", "integer", (col) =>
        col.notNull().references(`${target}.id`).onDelete("cascade"),
      )
      .execute();
  }
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    "tag_slug_redirects",
    "category_slug_redirects",
    "media",
    "article_revisions",
    "login_failures",
    "user_tokens",
    "sessions",
    "users",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
