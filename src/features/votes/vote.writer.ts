import type { Storage } from "../../storage/storage.js";
import { compileVoteQueries, type VoteQueries } from "./vote.queries.js";
import { type CastResult, type CastVote, castVoteWith } from "./vote.service.js";

/** Small enough that one transaction holds the event loop only briefly, large enough to share an fsync. */
const BATCH_SIZE = 64;

interface Pending {
  vote: CastVote;
  resolve: (result: CastResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: votes that arrive while a transaction is being written go into the next one, so a
 * burst of votes costs one durable commit (one fsync) instead of one each. Every caller is answered
 * only after the transaction holding its vote has committed, so an acknowledged vote is on disk.
 */
export class VoteWriter {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;

  private readonly queries: VoteQueries;

  constructor(private readonly storage: Storage) {
    this.queries = compileVoteQueries(storage.db);
  }

  submit(vote: CastVote): Promise<CastResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ vote, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  /** Resolves once everything submitted so far is committed; for shutdown. */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async drain(): Promise<void> {
    // Let the requests already read by this turn of the event loop join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      await this.writeBatch(this.queue.splice(0, BATCH_SIZE));
      // better-sqlite3 never yields inside a transaction; yielding between them lets page views
      // and new requests in, instead of starving them behind a long queue of votes.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.writing = null;
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await this.storage.transactionWithStatements(async (run) => {
        const out: CastResult[] = [];
        for (const { vote } of batch) out.push(await castVoteWith(run, this.queries, vote));
        return out;
      });
      for (const [index, pending] of batch.entries()) pending.resolve(results[index] as CastResult);
    } catch {
      // One bad vote must not sink the others: write them one by one and fail only the culprit.
      for (const pending of batch) {
        try {
          pending.resolve(
            await this.storage.transactionWithStatements((run) =>
              castVoteWith(run, this.queries, pending.vote),
            ),
          );
        } catch (error) {
          pending.reject(error);
        }
      }
    }
  }
}
