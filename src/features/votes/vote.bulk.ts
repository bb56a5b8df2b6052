import { sql } from "kysely";
import { slicesOf } from "../../core/paging.js";
import { COUNTERS_PER_STATEMENT, insertRows } from "../../storage/bulk-insert.js";
import type { Db } from "../../storage/storage.js";
import { noteCountersMoved } from "./vote.repository.js";
import type { VoteStatus } from "./vote.table.js";

/** A made-up reader vote for scale tests, as the integrity rules left it (counted or held). */
export interface GeneratedVote {
  articleId: number;
  voterKey: string;
  value: 1 | -1;
  status: VoteStatus;
  heldReason: string | null;
  ipHash: string;
  networkHash: string;
  createdAt: number;
}

const COLUMNS = [
  "article_id",
  "voter_key",
  "value",
  "status",
  "held_reason",
  "ip_hash",
  "network_hash",
  "fresh_voter",
  "created_at",
  "updated_at",
] as const;

/**
 * Inserts generated votes (at most one per reader and article, as always) through a few multi-row
 * statements and adds the counted ones to their articles' counters, in the caller's transaction:
 * `votes verify` finds the counters equal to the rows afterwards.
 */
export async function insertGeneratedVotes(db: Db, votes: readonly GeneratedVote[]): Promise<void> {
  if (votes.length === 0) return;
  const counts = new Map<number, { up: number; down: number }>();
  const rows = votes.map((vote) => {
    if (vote.status === "counted") {
      const count = counts.get(vote.articleId) ?? { up: 0, down: 0 };
      if (vote.value === 1) count.up++;
      else count.down++;
      counts.set(vote.articleId, count);
    }
    const { articleId, voterKey, value, status, heldReason, ipHash, networkHash, createdAt } = vote;
    return [articleId, voterKey, value, status, heldReason, ipHash, networkHash, 0, createdAt, createdAt];
  });
  await insertRows(db, "votes", COLUMNS, rows);
  if (counts.size === 0) return;
  // A batch may reach tens of thousands of articles (an old archive's have a vote or two each).
  for (const slice of slicesOf([...counts], COUNTERS_PER_STATEMENT)) {
    await db
      .insertInto("vote_counters")
      .values(slice.map(([articleId, { up, down }]) => ({ article_id: articleId, up, down })))
      .onConflict((conflict) =>
        conflict.column("article_id").doUpdateSet({
          up: sql`vote_counters.up + excluded.up`,
          down: sql`vote_counters.down + excluded.down`,
        }),
      )
      .execute();
  }
  noteCountersMoved();
}
