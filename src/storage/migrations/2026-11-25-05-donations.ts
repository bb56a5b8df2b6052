import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

/**
 * Donations: campaigns, rewards (with a minimum per currency), one row per payment (a monthly gift adds
 * a row per paid invoice), shipments of physical rewards, and the Stripe events already applied.
 */
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable("donation_campaigns"))
    .addColumn("title", "varchar(200)", (col) => col.notNull())
    .addColumn("description", "varchar(2000)", (col) => col.notNull())
    .addColumn("goal_amount", "bigint", (col) => col.notNull().check(sql`goal_amount > 0`))
    .addColumn("goal_currency", "varchar(3)", (col) => col.notNull())
    .addColumn("starts_at", "bigint", (col) => col.notNull())
    .addColumn("ends_at", "bigint", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("donation_campaigns_dates")
    .on("donation_campaigns")
    .columns(["ends_at", "starts_at"])
    .execute();

  await withId(db, db.schema.createTable("donation_rewards"))
    .addColumn("name", "varchar(120)", (col) => col.notNull())
    .addColumn("description", "varchar(2000)", (col) => col.notNull())
    .addColumn("image_url", "varchar(500)", (col) => col.notNull())
    .addColumn("physical", "integer", (col) => col.notNull())
    /** Comma-separated ISO country codes a physical reward ships to. */
    .addColumn("ship_countries", "varchar(1000)", (col) => col.notNull())
    /** Left to give; null for no limit. Never below zero, so two donors cannot take the last one. */
    .addColumn("stock", "integer", (col) => col.check(sql`stock >= 0`))
    .addColumn("active", "integer", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("donation_rewards_active").on("donation_rewards").column("active").execute();

  await db.schema
    .createTable("donation_reward_minimums")
    .addColumn("reward_id", "integer", (col) =>
      col.notNull().references("donation_rewards.id").onDelete("cascade"),
    )
    .addColumn("currency", "varchar(3)", (col) => col.notNull())
    .addColumn("amount", "bigint", (col) => col.notNull().check(sql`amount > 0`))
    .addPrimaryKeyConstraint("donation_reward_minimums_pk", ["reward_id", "currency"])
    .execute();

  await withId(db, db.schema.createTable("donations"))
    .addColumn("frequency", "varchar(10)", (col) =>
      col.notNull().check(sql`frequency in ('one-time', 'monthly')`),
    )
    .addColumn("amount", "bigint", (col) => col.notNull().check(sql`amount > 0`))
    .addColumn("currency", "varchar(3)", (col) => col.notNull())
    .addColumn("status", "varchar(10)", (col) =>
      col.notNull().check(sql`status in ('pending', 'paid', 'failed', 'expired', 'refunded')`),
    )
    .addColumn("refunded_amount", "bigint", (col) => col.notNull().defaultTo(0))
    .addColumn("campaign_id", "integer", (col) =>
      col.references("donation_campaigns.id").onDelete("set null"),
    )
    .addColumn("reward_id", "integer", (col) => col.references("donation_rewards.id").onDelete("set null"))
    /** 1 while this donation holds one unit of the reward's stock. */
    .addColumn("reward_reserved", "integer", (col) => col.notNull())
    .addColumn("donor_email", "varchar(320)")
    .addColumn("donor_name", "varchar(200)")
    .addColumn("public_name", "varchar(80)")
    .addColumn("public_message", "varchar(500)")
    .addColumn("listed", "integer", (col) => col.notNull())
    .addColumn("checkout_session_id", "varchar(255)", (col) => col.unique())
    .addColumn("payment_intent_id", "varchar(255)", (col) => col.unique())
    .addColumn("invoice_id", "varchar(255)", (col) => col.unique())
    .addColumn("subscription_id", "varchar(255)")
    .addColumn("subscription_status", "varchar(10)")
    .addColumn("first_donation_id", "integer", (col) => col.references("donations.id").onDelete("set null"))
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("paid_at", "bigint")
    .addColumn("updated_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("donations_status_paid")
    .on("donations")
    .columns(["status", "paid_at"])
    .execute();
  await db.schema
    .createIndex("donations_campaign")
    .on("donations")
    .columns(["campaign_id", "status"])
    .execute();
  await db.schema.createIndex("donations_wall").on("donations").columns(["listed", "paid_at"]).execute();
  await db.schema
    .createIndex("donations_email")
    .on("donations")
    .columns(["donor_email", "created_at"])
    .execute();
  await db.schema.createIndex("donations_subscription").on("donations").column("subscription_id").execute();
  await db.schema.createIndex("donations_created").on("donations").column("created_at").execute();

  await db.schema
    .createTable("donation_shipments")
    .addColumn("donation_id", "integer", (col) =>
      col.primaryKey().references("donations.id").onDelete("cascade"),
    )
    .addColumn("reward_id", "integer", (col) => col.references("donation_rewards.id").onDelete("set null"))
    .addColumn("recipient", "varchar(200)", (col) => col.notNull())
    .addColumn("line1", "varchar(200)", (col) => col.notNull())
    .addColumn("line2", "varchar(200)", (col) => col.notNull())
    .addColumn("postal_code", "varchar(20)", (col) => col.notNull())
    .addColumn("city", "varchar(120)", (col) => col.notNull())
    .addColumn("state", "varchar(120)", (col) => col.notNull())
    .addColumn("country", "varchar(2)", (col) => col.notNull())
    .addColumn("status", "varchar(10)", (col) =>
      col.notNull().check(sql`status in ('to-ship', 'shipped', 'cancelled')`),
    )
    .addColumn("tracking_number", "varchar(100)")
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("shipped_at", "bigint")
    .execute();
  await db.schema
    .createIndex("donation_shipments_status")
    .on("donation_shipments")
    .columns(["status", "created_at"])
    .execute();

  // Refunds by payment, kept even when Stripe reports one before the payment itself.
  await db.schema
    .createTable("donation_refunds")
    .addColumn("payment_intent_id", "varchar(255)", (col) => col.primaryKey())
    .addColumn("amount_refunded", "bigint", (col) => col.notNull())
    .addColumn("recorded_at", "bigint", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("stripe_events")
    .addColumn("id", "varchar(255)", (col) => col.primaryKey())
    .addColumn("type", "varchar(100)", (col) => col.notNull())
    .addColumn("received_at", "bigint", (col) => col.notNull())
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  for (const table of [
    "stripe_events",
    "donation_refunds",
    "donation_shipments",
    "donations",
    "donation_reward_minimums",
    "donation_rewards",
    "donation_campaigns",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
