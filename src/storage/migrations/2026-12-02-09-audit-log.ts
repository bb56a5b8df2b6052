import { type MigrationDb, withId } from "./helpers.js";

/** Staff actions, one row each, never edited: who, when, from which (hashed) address, what. */
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable("audit_log"))
    .addColumn("at", "bigint", (col) => col.notNull())
    .addColumn("staff_id", "integer")
    .addColumn("actor", "varchar(200)", (col) => col.notNull())
    .addColumn("ip_hash", "varchar(64)")
    .addColumn("area", "varchar(40)", (col) => col.notNull())
    .addColumn("action", "varchar(300)", (col) => col.notNull())
    .addColumn("target", "varchar(300)", (col) => col.notNull())
    .addColumn("details", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_staff").on("audit_log").columns(["staff_id", "id"]).execute();
  await db.schema.createIndex("audit_log_area").on("audit_log").columns(["area", "id"]).execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("audit_log").execute();
}
