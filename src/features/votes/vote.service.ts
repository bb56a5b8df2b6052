import { sql } from "kysely";
import type { Db } from "../../storage/storage.js";
import type { VoteStatus, VoteValue } from "./vote.table.js";

export interface VoteLimits {
  networkPerHour: number;
}

export interface CastVote {
  articleId: number;
  voterKey: string;
  value: VoteValue;
  ipHash: string;
  networkHash: string;
  /** The voter cookie was issued with this very request. */
  freshVoter: boolean;
  now: number;
  limits: VoteLimits;
}

export interface CastResult {
  /** The reader's vote as it now stands (0: none). */
  value: VoteValue;
  status: VoteStatus | null;
}

const HOUR = 3_600_000;
// Clock hours, not a sliding hour: one row per network and hour keeps the check O(1); a burst that
// straddles the hour can reach twice the limit before anything is held.
const hourOf = (epochMs: number) => Math.floor(epochMs / HOUR);

async function countNetworkVote(db: Db, vote: CastVote): Promise<void> {
  const key = { article_id: vote.articleId, network_hash: vote.networkHash, hour: hourOf(vote.now) };
  await db
    .insertInto("vote_network_hours")
    .values({ ...key, votes: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(["article_id", "network_hash", "hour"])
        .doUpdateSet({ votes: sql`vote_network_hours.votes + 1` }),
    )
    .execute();
}
const DAY = 24 * HOUR;

/**
 * Counter changes for a counted vote going from `before` to `after`, as a truth table
 * (rows: before; columns: after = -1, 0, +1):
 *
 *   before \ after |   -1        0        +1
 *   ---------------+--------------------------------
 *        0 / none  | down+1    —        up+1
 *       +1         | up-1,     up-1     —
 *                  | down+1
 *       -1         | —         down-1   down-1, up+1
 */
export function counterDelta(before: VoteValue, after: VoteValue): { up: number; down: number } {
  return {
    up: (after === 1 ? 1 : 0) - (before === 1 ? 1 : 0),
    down: (after === -1 ? 1 : 0) - (before === -1 ? 1 : 0),
  };
}

/**
 * Why a first vote is held rather than counted, or null to count it. Held votes are stored, shown to
 * editors for review, and never change the counters until counted.
 */
async function holdReason(db: Db, vote: CastVote): Promise<string | null> {
  const sameNetwork = await db
    .selectFrom("vote_network_hours")
    .select("votes")
    .where("article_id", "=", vote.articleId)
    .where("network_hash", "=", vote.networkHash)
    .where("hour", "=", hourOf(vote.now))
    .executeTakeFirst();
  if ((sameNetwork?.votes ?? 0) >= vote.limits.networkPerHour) return "network-burst";
  if (!vote.freshVoter) return null;
  // A client that drops its cookie gets a fresh one on every vote; from one address it counts once a day.
  const earlierFresh = await db
    .selectFrom("votes")
    .select("id")
    .where("article_id", "=", vote.articleId)
    .where("ip_hash", "=", vote.ipHash)
    .where("fresh_voter", "=", 1)
    .where("created_at", ">", vote.now - DAY)
    .limit(1)
    .executeTakeFirst();
  return earlierFresh ? "cookie-not-kept" : null;
}

async function applyToCounters(
  db: Db,
  articleId: number,
  delta: { up: number; down: number },
): Promise<void> {
  if (delta.up === 0 && delta.down === 0) return;
  await db
    .insertInto("vote_counters")
    .values({ article_id: articleId, up: 0, down: 0 })
    .onConflict((conflict) => conflict.column("article_id").doNothing())
    .execute();
  // Relative updates, so concurrent transactions on PostgreSQL add up instead of overwriting each other.
  await db
    .updateTable("vote_counters")
    .set({ up: sql`up + ${delta.up}`, down: sql`down + ${delta.down}` })
    .where("article_id", "=", articleId)
    .execute();
}

/**
 * Records one reader's vote (new, changed or taken back) and moves the counters by exactly the
 * difference, in the caller's transaction. One row per reader and article, whatever happens.
 */
export async function castVote(db: Db, vote: CastVote): Promise<CastResult> {
  const existing = await db
    .selectFrom("votes")
    .select(["id", "value", "status"])
    .where("article_id", "=", vote.articleId)
    .where("voter_key", "=", vote.voterKey)
    .executeTakeFirst();
  if (existing) {
    if (existing.value === vote.value) return { value: vote.value, status: existing.status };
    // Only if the row is still as we read it: a concurrent change by the same reader (another
    // instance) or an editor counting a held vote makes this update miss, and we start over.
    const changed = await db
      .updateTable("votes")
      .set({ value: vote.value, updated_at: vote.now })
      .where("id", "=", existing.id)
      .where("value", "=", existing.value)
      .where("status", "=", existing.status)
      .executeTakeFirst();
    if (changed.numUpdatedRows !== 1n) return castVote(db, vote);
    if (existing.status === "counted")
      await applyToCounters(db, vote.articleId, counterDelta(existing.value, vote.value));
    return { value: vote.value, status: existing.status };
  }
  if (vote.value === 0) return { value: 0, status: null };
  const reason = await holdReason(db, vote);
  const status: VoteStatus = reason ? "held" : "counted";
  const inserted = await db
    .insertInto("votes")
    .values({
      article_id: vote.articleId,
      voter_key: vote.voterKey,
      value: vote.value,
      status,
      held_reason: reason,
      ip_hash: vote.ipHash,
      network_hash: vote.networkHash,
      fresh_voter: vote.freshVoter ? 1 : 0,
      created_at: vote.now,
      updated_at: vote.now,
    })
    .onConflict((conflict) => conflict.columns(["article_id", "voter_key"]).doNothing())
    .executeTakeFirst();
  // Another instance inserted this reader's vote first: treat ours as a change to theirs.
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return castVote(db, vote);
  await countNetworkVote(db, vote);
  if (status === "counted") await applyToCounters(db, vote.articleId, counterDelta(0, vote.value));
  return { value: vote.value, status };
}
