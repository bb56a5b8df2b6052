import { kyselyStatements, type Statements } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";
import { compileVoteQueries, type VoteQueries } from "./vote.queries.js";
import { noteCountersMoved } from "./vote.repository.js";
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
  /** The signed voter cookie that names `voterKey`, when its signature is still to be checked. */
  voterCookie?: string;
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
 * What a batch of votes does to the per-article counters and the per-network tallies, added up in
 * memory and written once per article and network when the batch ends (`flush`, in the same
 * transaction): a batch of votes on one story then costs one counter update, not one per vote. A
 * network's tally is read once per batch and then followed in memory, so the hold rule sees every
 * earlier vote of the batch.
 */
export class VoteTallies {
  private readonly networks = new Map<string, { key: NetworkHour; before: number; added: number }>();
  private readonly counters = new Map<number, { up: number; down: number }>();

  constructor(
    private readonly run: Statements,
    private readonly queries: VoteQueries,
  ) {}

  async networkVotes(key: NetworkHour): Promise<number> {
    const tally = await this.networkTally(key);
    return tally.before + tally.added;
  }

  async countNetworkVote(key: NetworkHour): Promise<void> {
    (await this.networkTally(key)).added++;
  }

  moveCounters(articleId: number, delta: { up: number; down: number }): void {
    const counters = this.counters.get(articleId) ?? { up: 0, down: 0 };
    counters.up += delta.up;
    counters.down += delta.down;
    this.counters.set(articleId, counters);
  }

  /** Writes what the batch added up; call once, after its last vote, inside its transaction. */
  async flush(): Promise<void> {
    for (const { key, added } of this.networks.values()) {
      if (added > 0) await this.run.run(this.queries.countNetworkVotes, { ...key, votes: added });
    }
    for (const [articleId, delta] of this.counters) {
      if (delta.up === 0 && delta.down === 0) continue;
      await this.run.run(this.queries.ensureCounters, { articleId });
      await this.run.run(this.queries.moveCounters, { articleId, ...delta });
    }
  }

  private async networkTally(key: NetworkHour) {
    const id = `${key.articleId}/${key.networkHash}/${key.hour}`;
    let tally = this.networks.get(id);
    if (!tally) {
      const row = await this.run.first<{ votes: number }>(this.queries.networkVotes, key);
      tally = { key, before: row?.votes ?? 0, added: 0 };
      this.networks.set(id, tally);
    }
    return tally;
  }
}

type NetworkHour = { articleId: number; networkHash: string; hour: number };

const networkHourOf = (vote: CastVote): NetworkHour => ({
  articleId: vote.articleId,
  networkHash: vote.networkHash,
  hour: hourOf(vote.now),
});

/**
 * Why a first vote is held rather than counted, or null to count it. Held votes are stored, shown to
 * editors for review, and never change the counters until counted.
 */
async function holdReason(
  run: Statements,
  queries: VoteQueries,
  tallies: VoteTallies,
  vote: CastVote,
): Promise<string | null> {
  if ((await tallies.networkVotes(networkHourOf(vote))) >= vote.limits.networkPerHour) return "network-burst";
  if (!vote.freshVoter) return null;
  // A client that drops its cookie gets a fresh one on every vote; from one address it counts once a day.
  const earlier = await run.first(queries.earlierFreshVote, { ...vote, since: vote.now - DAY });
  return earlier ? "cookie-not-kept" : null;
}

/** A reader's first vote on the article, or null when they have one already (nothing is written then). */
async function insertFirstVote(
  run: Statements,
  queries: VoteQueries,
  tallies: VoteTallies,
  vote: CastVote,
): Promise<CastResult | null> {
  const heldReason = await holdReason(run, queries, tallies, vote);
  const status: VoteStatus = heldReason ? "held" : "counted";
  const row = { ...vote, status, heldReason, freshVoter: vote.freshVoter ? 1 : 0 };
  if ((await run.run(queries.insertVote, row)) === 0) return null;
  await tallies.countNetworkVote(networkHourOf(vote));
  if (status === "counted") tallies.moveCounters(vote.articleId, counterDelta(0, vote.value));
  return { value: vote.value, status };
}

/**
 * How many times a vote re-reads its row after a concurrent change slipped in between the read and the
 * write. Each retry means another writer changed this very reader's row (the same reader voting on two
 * instances at once, or an editor counting a held vote); three in a row is not contention but a fault.
 */
export const MAX_CHANGE_ATTEMPTS = 3;

/** A vote that kept meeting concurrent changes to its row: nothing of it was written, the reader may retry. */
export class VoteContention extends Error {
  constructor(attempts: number) {
    super(`the vote's row changed under it ${attempts} times in a row; nothing was written`);
  }
}

/**
 * Records one reader's vote (new, changed or taken back) within the caller's transaction, and adds
 * its exact effect on the counters to `tallies`. One row per reader and article, whatever happens.
 * Throws `VoteContention` (the caller's transaction then rolls back) past `MAX_CHANGE_ATTEMPTS`.
 */
export async function castVoteWith(
  run: Statements,
  queries: VoteQueries,
  tallies: VoteTallies,
  vote: CastVote,
  attempt = 1,
): Promise<CastResult> {
  // Most votes are a reader's first on the article: the insert comes first, and only when it meets
  // an existing row (the reader's own, perhaps inserted by another instance) is that row read.
  if (vote.value !== 0) {
    const first = await insertFirstVote(run, queries, tallies, vote);
    if (first) return first;
  }
  const existing = await run.first<{ id: number; value: VoteValue; status: VoteStatus }>(queries.existing, {
    ...vote,
  });
  if (!existing) return { value: 0, status: null };
  if (existing.value === vote.value) return { value: vote.value, status: existing.status };
  const changes = { ...vote, id: existing.id, oldValue: existing.value, oldStatus: existing.status };
  if ((await run.run(queries.changeValue, changes)) !== 1) {
    if (attempt >= MAX_CHANGE_ATTEMPTS) throw new VoteContention(attempt);
    return castVoteWith(run, queries, tallies, vote, attempt + 1);
  }
  if (existing.status === "counted") {
    tallies.moveCounters(vote.articleId, counterDelta(existing.value, vote.value));
  }
  return { value: vote.value, status: existing.status };
}

/** One vote in the caller's transaction, tallies included. */
export async function castOneVote(
  run: Statements,
  queries: VoteQueries,
  vote: CastVote,
): Promise<CastResult> {
  const tallies = new VoteTallies(run, queries);
  const result = await castVoteWith(run, queries, tallies, vote);
  await tallies.flush();
  return result;
}

const compiledFor = new WeakMap<Db, VoteQueries>();

/** `castVoteWith` through Kysely, for scripts and tests: `db` may be a transaction. */
export async function castVote(db: Db, vote: CastVote): Promise<CastResult> {
  let queries = compiledFor.get(db);
  if (!queries) {
    queries = compileVoteQueries(db);
    compiledFor.set(db, queries);
  }
  const result = await castOneVote(kyselyStatements(db), queries, vote);
  noteCountersMoved();
  return result;
}
