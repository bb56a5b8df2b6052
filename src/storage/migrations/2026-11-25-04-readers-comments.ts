import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

/**
 * Reader accounts (e-mail sign-in links, sessions) and reader comments with their flags, bans and
 * per-article counters; plus the per-article switch that closes comments.
 */
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable("readers"))
    .addColumn("email", "varchar(320)", (col) => col.notNull().unique())
    .addColumn("display_name", "varchar(80)", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("reader_sessions")
    .addColumn("token_hash", "varchar(64)", (col) => col.primaryKey())
    .addColumn("reader_id", "integer", (col) => col.notNull().references("readers.id").onDelete("cascade"))
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("expires_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("reader_sessions_reader").on("reader_sessions").column("reader_id").execute();

  // A link is for an address, not an account: the account is created when the link is first used.
  await db.schema
    .createTable("reader_sign_in_links")
    .addColumn("token_hash", "varchar(64)", (col) => col.primaryKey())
    .addColumn("email", "varchar(320)", (col) => col.notNull())
    .addColumn("return_to", "varchar(300)", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("expires_at", "bigint", (col) => col.notNull())
    .addColumn("used_at", "bigint")
    .execute();
  await db.schema
    .createIndex("reader_sign_in_links_email")
    .on("reader_sign_in_links")
    .columns(["email", "created_at"])
    .execute();

  await withId(db, db.schema.createTable("comments"))
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("parent_id", "integer", (col) => col.references("comments.id").onDelete("cascade"))
    .addColumn("thread_id", "integer")
    .addColumn("depth", "integer", (col) => col.notNull())
    .addColumn("reader_id", "integer", (col) => col.references("readers.id").onDelete("set null"))
    // "reader:<id>" or "guest:<random id from the commenter cookie>": whose comment it is, for edits
    // and for showing held comments to their author only.
    .addColumn("author_key", "varchar(80)")
    .addColumn("author_name", "varchar(80)")
    .addColumn("author_email", "varchar(320)")
    .addColumn("body", "text", (col) => col.notNull())
    .addColumn("status", "varchar(8)", (col) =>
      col.notNull().check(sql`status in ('pending', 'approved', 'spam', 'removed')`),
    )
    .addColumn("held_reason", "varchar(40)")
    .addColumn("flags", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("notify_replies", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("reply_notified", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("ip_hash", "varchar(64)")
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("edited_at", "bigint")
    .execute();
  await db.schema
    .createIndex("comments_article_status")
    .on("comments")
    .columns(["article_id", "status", "thread_id", "created_at"])
    .execute();
  await db.schema.createIndex("comments_author").on("comments").columns(["author_key", "status"]).execute();
  await db.schema.createIndex("comments_email").on("comments").columns(["author_email", "status"]).execute();
  await db.schema.createIndex("comments_reader").on("comments").column("reader_id").execute();
  await db.schema.createIndex("comments_parent").on("comments").column("parent_id").execute();
  await db.schema
    .createIndex("comments_status_created")
    .on("comments")
    .columns(["status", "created_at"])
    .execute();

  await db.schema
    .createTable("comment_flags")
    .addColumn("comment_id", "integer", (col) => col.notNull().references("comments.id").onDelete("cascade"))
    .addColumn("flagger_key", "varchar(80)", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addPrimaryKeyConstraint("comment_flags_pk", ["comment_id", "flagger_key"])
    .execute();

  await db.schema
    .createTable("comment_bans")
    .addColumn("subject", "varchar(400)", (col) => col.primaryKey())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();

  // Approved comments per article, and a version that changes whenever its public thread does.
  await db.schema
    .createTable("comment_counters")
    .addColumn("article_id", "integer", (col) =>
      col.primaryKey().references("articles.id").onDelete("cascade"),
    )
    .addColumn("approved", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("version", "integer", (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .alterTable("articles")
    .addColumn("comments_closed", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.alterTable("articles").dropColumn("comments_closed").execute();
  await db.schema.dropTable("comment_counters").execute();
  await db.schema.dropTable("comment_bans").execute();
  await db.schema.dropTable("comment_flags").execute();
  await db.schema.dropTable("comments").execute();
  await db.schema.dropTable("reader_sign_in_links").execute();
  await db.schema.dropTable("reader_sessions").execute();
  await db.schema.dropTable("readers").execute();
}
