import type { MigrationDb } from "./helpers.js";

/** The vote writer deletes network-hour tallies once their hour has passed; this finds them without a scan. */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema.createIndex("vote_network_hours_hour").on("vote_network_hours").column("hour").execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex("vote_network_hours_hour").execute();
}
