import { sql } from "kysely";
import type { MigrationDb } from "./helpers.js";

/**
 * /top/ ranks the articles with the most votes shown (per-reader ones and the legacy tally). Without
 * an index in that order, every request visited every visible article's counter (2–3 s at 100,000
 * articles on a loaded machine); with it, the candidates are read most-voted first and the walk stops
 * at TOP_CANDIDATES (vote.rankings.ts).
 */
export async function up(db: MigrationDb): Promise<void> {
  await db.schema
    .createIndex("vote_counters_shown")
    .on("vote_counters")
    .expression(sql`(up + down + legacy_up + legacy_down), article_id`)
    .execute();
}

export async function down(db: MigrationDb): Promise<void> {
  await db.schema.dropIndex("vote_counters_shown").execute();
}
