import type { MigrationDb } from "./helpers.js";

/**
 * Signed Stripe events that name no donation of this site (a second site on the same Stripe account,
 * a test-mode mix-up), kept for staff to see under Donations.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable("donation_unmatched_events")
    .addColumn("event_id", "varchar(255)", (col) => col.primaryKey())
    .addColumn("type", "varchar(100)", (col) => col.notNull())
    .addColumn("object_id", "varchar(255)", (col) => col.notNull())
    .addColumn("reason", "varchar(200)", (col) => col.notNull())
    .addColumn("amount", "bigint")
    .addColumn("currency", "varchar(3)")
    .addColumn("received_at", "bigint", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("donation_unmatched_events_received")
    .on("donation_unmatched_events")
    .column("received_at")
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("donation_unmatched_events").execute();
}
