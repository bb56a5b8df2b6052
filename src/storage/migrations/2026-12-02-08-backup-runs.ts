import type { MigrationDb } from "./helpers.js";

/**
 * One row per scheduled backup slot (the minute the schedule fired for). Every instance's scheduler
 * tries to insert it; the one whose insert lands takes the backup, so several instances make one.
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createTable("backup_runs")
    .addColumn("slot", "varchar(40)", (col) => col.primaryKey())
    .addColumn("started_at", "bigint", (col) => col.notNull())
    .addColumn("finished_at", "bigint")
    .addColumn("file", "text")
    .addColumn("error", "text")
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("backup_runs").execute();
}
