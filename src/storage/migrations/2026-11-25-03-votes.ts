import { sql } from "kysely";
import { type MigrationDb, withId } from "./helpers.js";

/** Reader votes: one row per reader and article, and per-article counters kept in step with them. */
export async function up(db: MigrationDb): Promise<void> {
  await withId(db, db.schema.createTable("votes"))
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("voter_key", "varchar(80)", (col) => col.notNull())
    .addColumn("value", "integer", (col) => col.notNull().check(sql`value in (-1, 0, 1)`))
    .addColumn("status", "varchar(8)", (col) => col.notNull().check(sql`status in ('counted', 'held')`))
    .addColumn("held_reason", "varchar(32)")
    .addColumn("ip_hash", "varchar(64)", (col) => col.notNull())
    .addColumn("network_hash", "varchar(64)", (col) => col.notNull())
    .addColumn("fresh_voter", "integer", (col) => col.notNull())
    .addColumn("created_at", "bigint", (col) => col.notNull())
    .addColumn("updated_at", "bigint", (col) => col.notNull())
    .addUniqueConstraint("votes_one_per_reader", ["article_id", "voter_key"])
    .execute();
  await db.schema
    .createIndex("votes_ip")
    .on("votes")
    .columns(["article_id", "ip_hash", "created_at"])
    .execute();
  await db.schema.createIndex("votes_status").on("votes").columns(["status", "article_id"]).execute();
  await db.schema.createIndex("votes_created").on("votes").column("created_at").execute();

  // Votes per article, network and clock hour: the burst check reads one row instead of counting votes.
  await db.schema
    .createTable("vote_network_hours")
    .addColumn("article_id", "integer", (col) => col.notNull().references("articles.id").onDelete("cascade"))
    .addColumn("network_hash", "varchar(64)", (col) => col.notNull())
    .addColumn("hour", "bigint", (col) => col.notNull())
    .addColumn("votes", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("vote_network_hours_pk", ["article_id", "network_hash", "hour"])
    .execute();

  await db.schema
    .createTable("vote_counters")
    .addColumn("article_id", "integer", (col) =>
      col.primaryKey().references("articles.id").onDelete("cascade"),
    )
    .addColumn("up", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("down", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropTable("vote_counters").execute();
  await db.schema.dropTable("vote_network_hours").execute();
  await db.schema.dropTable("votes").execute();
}
