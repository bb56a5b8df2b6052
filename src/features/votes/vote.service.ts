import { kyselyStatements, type Statements } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";
import { compileVoteQueries, type VoteQueries } from "./vote.queries.js";
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
const DAY = 24 * HOUR;
// Clock hours, not a sliding hour: one row per network and hour keeps the check O(1); a burst that
// straddles the hour can reach twice the limit before anything is held.
export const hourOf = (epochMs: number) => Math.floor(epochMs / HOUR);

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
async function holdReason(run: Statements, queries: VoteQueries, vote: CastVote): Promise<string | null> {
  const network = await run.first<{ votes: number }>(queries.networkVotes, {
    ...vote,
    hour: hourOf(vote.now),
  });
  if ((network?.votes ?? 0) >= vote.limits.networkPerHour) return "network-burst";
  if (!vote.freshVoter) return null;
  // A client that drops its cookie gets a fresh one on every vote; from one address it counts once a day.
  const earlier = await run.first(queries.earlierFreshVote, { ...vote, since: vote.now - DAY });
  return earlier ? "cookie-not-kept" : null;
}

async function moveCounters(
  run: Statements,
  queries: VoteQueries,
  articleId: number,
  delta: { up: number; down: number },
) {
  if (delta.up === 0 && delta.down === 0) return;
  await run.run(queries.ensureCounters, { articleId });
  await run.run(queries.moveCounters, { articleId, ...delta });
}

/**
 * Records one reader's vote (new, changed or taken back) and moves the counters by exactly the
 * difference, within the caller's transaction. One row per reader and article, whatever happens.
 */
export async function castVoteWith(
  run: Statements,
  queries: VoteQueries,
  vote: CastVote,
): Promise<CastResult> {
  const existing = await run.first<{ id: number; value: VoteValue; status: VoteStatus }>(queries.existing, {
    ...vote,
  });
  if (existing) {
    if (existing.value === vote.value) return { value: vote.value, status: existing.status };
    const changes = { ...vote, id: existing.id, oldValue: existing.value, oldStatus: existing.status };
    if ((await run.run(queries.changeValue, changes)) !== 1) return castVoteWith(run, queries, vote);
    if (existing.status === "counted") {
      await moveCounters(run, queries, vote.articleId, counterDelta(existing.value, vote.value));
    }
    return { value: vote.value, status: existing.status };
  }
  if (vote.value === 0) return { value: 0, status: null };
  const heldReason = await holdReason(run, queries, vote);
  const status: VoteStatus = heldReason ? "held" : "counted";
  const row = { ...vote, status, heldReason, freshVoter: vote.freshVoter ? 1 : 0 };
  // Another instance inserted this reader's vote first: treat ours as a change to theirs.
  if ((await run.run(queries.insertVote, row)) === 0) return castVoteWith(run, queries, vote);
  await run.run(queries.countNetworkVote, { ...vote, hour: hourOf(vote.now) });
  if (status === "counted") await moveCounters(run, queries, vote.articleId, counterDelta(0, vote.value));
  return { value: vote.value, status };
}

const compiledFor = new WeakMap<Db, VoteQueries>();

/** `castVoteWith` through Kysely, for scripts and tests: `db` may be a transaction. */
export function castVote(db: Db, vote: CastVote): Promise<CastResult> {
  let queries = compiledFor.get(db);
  if (!queries) {
    queries = compileVoteQueries(db);
    compiledFor.set(db, queries);
  }
  return castVoteWith(kyselyStatements(db), queries, vote);
}
