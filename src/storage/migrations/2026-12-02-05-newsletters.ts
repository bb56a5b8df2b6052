import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

/**
 * Newsletters: lists staff define, readers' subscriptions (double opt-in), the suppression list,
 * issues rendered once, one delivery row per recipient (the idempotency key of a send), and the
 * table-backed job queue that carries recipient batches.
 */
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable("newsletters"))
    .addColumn("slug", "varchar(80)", (col) => col.notNull().unique())
    .addColumn("name", "varchar(120)", (col) => col.notNull())
    .addColumn("description", "varchar(1000)", (col) => col.notNull())
    .addColumn("sender_name", "varchar(120)", (col) => col.notNull())
    .addColumn("sender_email", "varchar(320)", (col) => col.notNull())
    .addColumn("reply_to", "varchar(320)", (col) => col.notNull())
    .addColumn("cadence", "varchar(12)", (col) =>
      col.notNull().check(sql`cadence in ('each-story', 'daily', 'weekly', 'manual')`),
    )
    /** Local time of day ("07:30") in the site's time zone, for digests. */
    .addColumn("send_time", "varchar(5)", (col) => col.notNull())
    /** 0 = Sunday … 6 = Saturday, for weekly digests. */
    .addColumn("send_weekday", "integer", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("newsletter_sections")
    .addColumn("newsletter_id", "integer", (col) =>
      col.notNull().references("newsletters.id").onDelete("cascade"),
    )
    .addColumn("category_id", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("newsletter_sections_pk", ["newsletter_id", "category_id"])
    .execute();

  await db.schema
    .createTable("newsletter_subscriptions")
    .addColumn("newsletter_id", "integer", (col) =>
      col.notNull().references("newsletters.id").onDelete("cascade"),
    )
    .addColumn("email", "varchar(320)", (col) => col.notNull())
    .addColumn("status", "varchar(12)", (col) =>
      col.notNull().check(sql`status in ('active', 'unsubscribed')`),
    )
    .addColumn("source", "varchar(12)", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("updated_at", "bigint", (col) => col.notNull())
    .addPrimaryKeyConstraint("newsletter_subscriptions_pk", ["newsletter_id", "email"])
    .execute();
  await db.schema
    .createIndex("newsletter_subscriptions_email")
    .on("newsletter_subscriptions")
    .column("email")
    .execute();

  await db.schema
    .createTable("newsletter_optins")
    .addColumn("token_hash", "varchar(64)", (col) => col.primaryKey())
    .addColumn("email", "varchar(320)", (col) => col.notNull())
    /** Comma-separated newsletter ids the reader chose. */
    .addColumn("newsletter_ids", "varchar(1000)", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("expires_at", "bigint", (col) => col.notNull())
    .addColumn("used_at", "bigint")
    .execute();
  await db.schema
    .createIndex("newsletter_optins_email")
    .on("newsletter_optins")
    .columns(["email", "created_at"])
    .execute();

  await db.schema
    .createTable("newsletter_suppressions")
    .addColumn("email", "varchar(320)", (col) => col.primaryKey())
    .addColumn("reason", "varchar(12)", (col) =>
      col.notNull().check(sql`reason in ('bounced', 'complained', 'unsubscribed')`),
    )
    .addColumn("detail", "varchar(1000)", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();

  await withId(db, db.schema.createTable("newsletter_issues"))
    .addColumn("newsletter_id", "integer", (col) =>
      col.notNull().references("newsletters.id").onDelete("cascade"),
    )
    /** What this issue is of ("article:12", "digest:2026-12-02", "manual:…"): one issue per key. */
    .addColumn("issue_key", "varchar(100)", (col) => col.notNull())
    .addColumn("subject", "varchar(300)", (col) => col.notNull())
    .addColumn("html", "text", (col) => col.notNull())
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addUniqueConstraint("newsletter_issues_key", ["newsletter_id", "issue_key"])
    .execute();

  await withId(db, db.schema.createTable("newsletter_deliveries"))
    .addColumn("issue_id", "integer", (col) =>
      col.notNull().references("newsletter_issues.id").onDelete("cascade"),
    )
    .addColumn("email", "varchar(320)", (col) => col.notNull())
    .addColumn("status", "varchar(10)", (col) =>
      col.notNull().check(sql`status in ('queued', 'sending', 'sent', 'failed', 'skipped', 'bounced')`),
    )
    /** The job claim that may commit this row as sent; a later claim of the same batch replaces it. */
    .addColumn("claim", "varchar(40)")
    .addColumn("attempts", "integer", (col) => col.notNull())
    .addColumn("retry_at", "bigint", (col) => col.notNull())
    .addColumn("last_error", "varchar(1000)")
    .addColumn("sent_at", "bigint")
    .addColumn("unsubscribed_at", "bigint")
    // The idempotency key: one delivery per reader per issue, whatever runs twice.
    .addUniqueConstraint("newsletter_deliveries_once", ["issue_id", "email"])
    .execute();
  await db.schema
    .createIndex("newsletter_deliveries_status")
    .on("newsletter_deliveries")
    .columns(["issue_id", "status"])
    .execute();

  await withId(db, db.schema.createTable("newsletter_jobs"))
    .addColumn("issue_id", "integer", (col) =>
      col.notNull().references("newsletter_issues.id").onDelete("cascade"),
    )
    /** The batch: delivery ids from first to last (inclusive). */
    .addColumn("first_delivery_id", "integer", (col) => col.notNull())
    .addColumn("last_delivery_id", "integer", (col) => col.notNull())
    .addColumn("status", "varchar(8)", (col) =>
      col.notNull().check(sql`status in ('ready', 'running', 'done')`),
    )
    .addColumn("run_after", "bigint", (col) => col.notNull())
    /** Random per claim; a worker whose lease ran out finds another claim here and stops. */
    .addColumn("claim", "varchar(40)")
    .addColumn("locked_until", "bigint", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("newsletter_jobs_due")
    .on("newsletter_jobs")
    .columns(["status", "run_after"])
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    "newsletter_jobs",
    "newsletter_deliveries",
    "newsletter_issues",
    "newsletter_suppressions",
    "newsletter_optins",
    "newsletter_subscriptions",
    "newsletter_sections",
    "newsletters",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
