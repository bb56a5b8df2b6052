import { sql } from "kysely";
import { numberSlot, type PreparedQuery, prepare, slot } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";

const num = numberSlot;
const text = (name: string) => slot(name);

/** Every statement a vote runs, compiled once per database (placeholders differ between dialects). */
export interface VoteQueries {
  existing: PreparedQuery;
  changeValue: PreparedQuery;
  networkVotes: PreparedQuery;
  earlierFreshVote: PreparedQuery;
  insertVote: PreparedQuery;
  countNetworkVotes: PreparedQuery;
  ensureCounters: PreparedQuery;
  moveCounters: PreparedQuery;
  counters: PreparedQuery;
  forgetNetworkHoursBefore: PreparedQuery;
}

export function compileVoteQueries(db: Db): VoteQueries {
  return {
    existing: prepare(
      db
        .selectFrom("votes")
        .select(["id", "value", "status"])
        .where("article_id", "=", num("articleId"))
        .where("voter_key", "=", text("voterKey")),
    ),
    // Only if the row is still as it was read: a concurrent change by the same reader (another
    // instance) or an editor counting a held vote makes it miss, and the caller starts over.
    changeValue: prepare(
      db
        .updateTable("votes")
        .set({ value: num("value") as -1 | 0 | 1, updated_at: num("now") })
        .where("id", "=", num("id"))
        .where("value", "=", num("oldValue") as -1 | 0 | 1)
        .where("status", "=", text("oldStatus") as "counted"),
    ),
    networkVotes: prepare(
      db
        .selectFrom("vote_network_hours")
        .select("votes")
        .where("article_id", "=", num("articleId"))
        .where("network_hash", "=", text("networkHash"))
        .where("hour", "=", num("hour")),
    ),
    earlierFreshVote: prepare(
      db
        .selectFrom("votes")
        .select("id")
        .where("article_id", "=", num("articleId"))
        .where("ip_hash", "=", text("ipHash"))
        .where("fresh_voter", "=", 1)
        .where("created_at", ">", num("since"))
        .limit(1),
    ),
    insertVote: prepare(
      db
        .insertInto("votes")
        .values({
          article_id: num("articleId"),
          voter_key: text("voterKey"),
          value: num("value") as -1 | 0 | 1,
          status: text("status") as "counted",
          held_reason: text("heldReason"),
          ip_hash: text("ipHash"),
          network_hash: text("networkHash"),
          fresh_voter: num("freshVoter"),
          created_at: num("now"),
          updated_at: num("now"),
        })
        .onConflict((conflict) => conflict.columns(["article_id", "voter_key"]).doNothing()),
    ),
    countNetworkVotes: prepare(
      db
        .insertInto("vote_network_hours")
        .values({
          article_id: num("articleId"),
          network_hash: text("networkHash"),
          hour: num("hour"),
          votes: num("votes"),
        })
        .onConflict((conflict) =>
          conflict
            .columns(["article_id", "network_hash", "hour"])
            .doUpdateSet({ votes: sql`vote_network_hours.votes + excluded.votes` }),
        ),
    ),
    ensureCounters: prepare(
      db
        .insertInto("vote_counters")
        .values({ article_id: num("articleId"), up: 0, down: 0 })
        .onConflict((conflict) => conflict.column("article_id").doNothing()),
    ),
    // Relative updates, so concurrent transactions on PostgreSQL add up instead of overwriting each other.
    moveCounters: prepare(
      db
        .updateTable("vote_counters")
        .set({ up: sql`up + ${num("up")}`, down: sql`down + ${num("down")}` })
        .where("article_id", "=", num("articleId")),
    ),
    forgetNetworkHoursBefore: prepare(db.deleteFrom("vote_network_hours").where("hour", "<", num("hour"))),
    counters: prepare(
      db.selectFrom("vote_counters").select(["up", "down"]).where("article_id", "=", num("articleId")),
    ),
  };
}
