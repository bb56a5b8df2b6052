import { Worker } from "node:worker_threads";
import type { Admission } from "../../http/loop-share.js";
import type { Statements } from "../../storage/statements.js";
import type { Storage } from "../../storage/storage.js";
import type { VoteCounts } from "./vote.math.js";
import { compileVoteQueries } from "./vote.queries.js";
import { noteCountersMoved } from "./vote.repository.js";
import {
  type CastResult,
  type CastVote,
  castOneVote,
  castVoteWith,
  hourOf,
  MAX_CHANGE_ATTEMPTS,
  VoteContention,
  VoteTallies,
} from "./vote.service.js";
import { isVoterCookieOf, voterCookieKey } from "./voter-cookie.js";

/**
 * Small enough that one transaction holds the writer only briefly, large enough to share an fsync, and
 * small enough that a burst of votes fills several batches: the event loop then answers one batch and
 * reads the next votes while the writer commits another (decision 0012).
 */
const BATCH_SIZE = 64;
/**
 * With the writer thread: one batch committing and the next already handed over (the thread still
 * commits them one after another, in order). Written here, one at a time: on PostgreSQL two batches
 * would be two concurrent transactions taking the same rows' locks.
 */
const BATCHES_IN_FLIGHT = { thread: 2, here: 1 };

/**
 * One vote of a batch: what it did, or why it failed (an Error does not survive a thread boundary).
 * A vote whose voter cookie is not signed by this site is refused before anything is written.
 */
export type VoteOutcome =
  | { ok: true; result: CastResult }
  | { ok: false; message: string; forgedVoterCookie?: true; contention?: true };

/** A vote refused because its voter cookie was not signed by this site. */
export class ForgedVoterCookie extends Error {}

export interface WrittenBatch {
  outcomes: VoteOutcome[];
  /**
   * Why the batch's one transaction failed, when it did: its votes were then written one per
   * transaction, and this is reported so the failure is logged even when every vote got through.
   */
  batchFailure?: string;
  /** Each voted article's counters as the batch's commit left them. */
  counts: [articleId: number, counts: VoteCounts][];
}

/** Writes a batch of votes durably: when it resolves, every successful vote is committed. */
export type BatchWrite = (votes: CastVote[]) => Promise<WrittenBatch>;

/** What a voter is answered with: their vote as it stands, and the article's counters with it. */
export interface AcknowledgedVote {
  result: CastResult;
  counts: VoteCounts;
}

const NO_VOTES: VoteCounts = { up: 0, down: 0 };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const FORGED: VoteOutcome = { ok: false, message: "forged voter cookie", forgedVoterCookie: true };

/**
 * Writes batches on this thread through `storage`: all votes in one transaction, then the voted
 * articles' counters read in that same transaction. One bad vote must not sink the others, so a
 * failed batch is written again one vote per transaction, failing only the culprit. Voter cookies
 * still to be checked are checked first, against the site `secret`.
 */
export function batchWriteOn(storage: Storage, secret: string): BatchWrite {
  const queries = compileVoteQueries(storage.db);
  const readCounts = async (run: Statements, ids: number[]) =>
    Promise.all(
      ids.map(
        async (id): Promise<[number, VoteCounts]> => [
          id,
          (await run.first<VoteCounts>(queries.counters, { articleId: id })) ?? NO_VOTES,
        ],
      ),
    );
  const articlesOf = (votes: CastVote[]) => [...new Set(votes.map((vote) => vote.articleId))];
  // Network tallies matter only within their clock hour; the first batch of each hour drops older ones.
  let tallyHour = Number.NEGATIVE_INFINITY;
  const forgetPastHours = async (run: Statements, votes: CastVote[]) => {
    const hour = hourOf(Math.max(...votes.map((vote) => vote.now)));
    if (hour <= tallyHour) return;
    await run.run(queries.forgetNetworkHoursBefore, { hour });
    tallyHour = hour;
  };

  const cookieKey = voterCookieKey(secret);
  const forged = (vote: CastVote) =>
    vote.voterCookie !== undefined && !isVoterCookieOf(vote.voterCookie, vote.voterKey, cookieKey);

  return async (votes) => {
    const refused = votes.map(forged);
    try {
      return await storage.transactionWithStatements(async (run) => {
        await forgetPastHours(run, votes);
        const tallies = new VoteTallies(run, queries);
        const outcomes: VoteOutcome[] = [];
        for (const [index, vote] of votes.entries()) {
          if (refused[index]) outcomes.push(FORGED);
          else outcomes.push({ ok: true, result: await castVoteWith(run, queries, tallies, vote) });
        }
        await tallies.flush();
        return { outcomes, counts: await readCounts(run, articlesOf(votes)) };
      });
    } catch (batchError) {
      const outcomes: VoteOutcome[] = [];
      for (const [index, vote] of votes.entries()) {
        if (refused[index]) {
          outcomes.push(FORGED);
          continue;
        }
        try {
          const result = await storage.transactionWithStatements((run) => castOneVote(run, queries, vote));
          outcomes.push({ ok: true, result });
        } catch (error) {
          outcomes.push({
            ok: false,
            message: messageOf(error),
            ...(error instanceof VoteContention ? { contention: true as const } : {}),
          });
        }
      }
      const counts = await storage.transactionWithStatements((run) => readCounts(run, articlesOf(votes)));
      return { outcomes, counts, batchFailure: messageOf(batchError) };
    }
  };
}

/**
 * Built, the thread runs dist's JavaScript. From source (tests and benchmarks, under tsx) it runs the
 * TypeScript, and must register tsx itself: tsx's loader hooks do not reach worker threads on Node 20.
 */
function startThread(workerData: unknown): Worker {
  if (!import.meta.url.endsWith(".ts")) {
    return new Worker(new URL("./vote.writer.thread.js", import.meta.url), { workerData });
  }
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./vote.writer.thread.ts", import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * How long the writer thread waits for the next batch before it stops. The thread is a V8 isolate of its
 * own, which a site nobody is voting on would keep for nothing: 9–11 MiB on Node 20, 13–17 MiB on
 * Node 24 (decision 0063). Started again, it makes the next vote wait 0.17–0.27 s for its boot, mostly
 * loading Kysely, so it stays while votes come at least every half minute.
 */
export const THREAD_IDLE_MS = 30_000;

type Waiting = Map<number, { resolve: (batch: WrittenBatch) => void; reject: (error: Error) => void }>;

/** One started thread and the batches it has not answered yet. */
interface Running {
  worker: Worker;
  waiting: Waiting;
}

/** A worker thread that writes vote batches to an SQLite file through its own connection. */
class VoteWriterThread {
  private current: Running | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextId = 0;

  constructor(
    private readonly file: string,
    private readonly secret: string,
    private readonly idleMs: number,
  ) {}

  get running(): boolean {
    return this.current !== undefined;
  }

  write(votes: CastVote[]): Promise<WrittenBatch> {
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    return new Promise((resolve, reject) => {
      const { worker, waiting } = this.started();
      waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, votes });
    });
  }

  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await this.current?.worker.terminate();
    this.current = undefined;
  }

  /** Started on the first vote: most processes (CLI commands, most tests) never write one. */
  private started(): Running {
    if (this.current) return this.current;
    const worker = startThread({ file: this.file, secret: this.secret });
    const running: Running = { worker, waiting: new Map() };
    const { waiting } = running;
    worker.on("message", ({ id, batch, error }: { id: number; batch?: WrittenBatch; error?: string }) => {
      const batchWaiting = waiting.get(id);
      waiting.delete(id);
      if (waiting.size === 0) this.idle(running);
      if (batch) batchWaiting?.resolve(batch);
      else batchWaiting?.reject(new Error(`the vote writer thread failed: ${error}`));
    });
    const failAll = (error: Error) => {
      for (const { reject } of waiting.values()) reject(error);
      waiting.clear();
      if (this.current === running) this.current = undefined;
    };
    worker.on("error", failAll);
    worker.on("exit", (code) => failAll(new Error(`the vote writer thread exited with code ${code}`)));
    this.current = running;
    return running;
  }

  /** An idle writer thread must not keep the process alive (one with votes in flight must), nor stay. */
  private idle(running: Running): void {
    running.worker.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopIdle(running), this.idleMs);
    this.idleTimer.unref();
  }

  /** A write clears the timer, so the thread has answered every batch and holds no transaction. */
  private stopIdle(running: Running): void {
    if (this.current !== running || running.waiting.size > 0) return;
    this.current = undefined;
    void running.worker.terminate();
  }
}

/** Where the writer reports failed batches (the app's pino logger). */
export interface WriterLog {
  error(details: Record<string, unknown>, message: string): void;
}

/** Sees each batch written: how many votes, and the seconds from handing it over to its commit. */
export type BatchObserver = (votes: number, seconds: number) => void;

export interface VoteWriterOptions {
  /** Votes go to the writer only as its budget allows (see http/loop-share.ts); the rest wait in the queue. */
  admission?: Admission;
  /** Where failed batches are logged. */
  log?: WriterLog;
  /** Sees every batch that was written (for /metrics). */
  observeBatch?: BatchObserver;
  /** How long an idle writer thread stays (THREAD_IDLE_MS). */
  threadIdleMs?: number;
}

interface Pending {
  vote: CastVote;
  resolve: (acknowledged: AcknowledgedVote) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: votes that arrive while a batch is being written go into the next one, so a burst of
 * votes costs one durable commit (one fsync) instead of one each. Every caller is answered only after
 * the transaction holding its vote has committed, so an acknowledged vote is on disk.
 *
 * On an SQLite file the batches are written by a worker thread with its own connection (see
 * vote.writer.thread.ts): better-sqlite3 is synchronous, and committing on the event loop stalled
 * every page view behind each fsync. Elsewhere (PostgreSQL, in-memory SQLite) they are written here.
 */
export class VoteWriter {
  private queue: Pending[] = [];
  private pumpScheduled = false;
  /** Set while queued votes wait for the admission's next budget. */
  private budgetWait: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly write: BatchWrite;
  private readonly thread: VoteWriterThread | undefined;
  private readonly maxInFlight: number;

  /** `secret` is the site secret, which signs voter cookies. */
  constructor(
    storage: Storage,
    secret: string,
    private readonly options: VoteWriterOptions = {},
  ) {
    this.thread =
      storage.dialect === "sqlite" && storage.file
        ? new VoteWriterThread(storage.file, secret, options.threadIdleMs ?? THREAD_IDLE_MS)
        : undefined;
    this.write = this.thread
      ? (votes) => (this.thread as VoteWriterThread).write(votes)
      : batchWriteOn(storage, secret);
    this.maxInFlight = this.thread ? BATCHES_IN_FLIGHT.thread : BATCHES_IN_FLIGHT.here;
  }

  /** Whether a writer thread is started now (tests; only SQLite files have one). */
  get threadRunning(): boolean {
    return this.thread?.running ?? false;
  }

  submit(vote: CastVote): Promise<AcknowledgedVote> {
    this.options.admission?.noteArrival();
    return new Promise((resolve, reject) => {
      this.queue.push({ vote, resolve, reject });
      if (this.pumpScheduled) return;
      this.pumpScheduled = true;
      // Let the requests already read by this turn of the event loop join the batch.
      setImmediate(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    });
  }

  /** Resolves once everything submitted so far is committed. */
  async idle(): Promise<void> {
    while (this.pumpScheduled || this.budgetWait || this.inFlight.size > 0) {
      if (this.inFlight.size > 0) await Promise.all(this.inFlight);
      else if (this.budgetWait) await this.budgetWait;
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Starts the writer thread (if any) and waits for its answer to an empty batch: a server calls this
   * before it listens, so the first vote after a start does not wait for the thread to boot.
   */
  async warmUp(): Promise<void> {
    await this.thread?.write([]);
  }

  /** Waits for the votes in flight, then stops the writer thread, if any. */
  async close(): Promise<void> {
    await this.idle();
    await this.thread?.close();
  }

  /**
   * Keeps up to `maxInFlight` batches with the writer, so that the thread starts the next transaction
   * as soon as one commits instead of waiting for this event loop to answer and send more.
   */
  private pump(): void {
    while (this.inFlight.size < this.maxInFlight && this.queue.length > 0 && !this.budgetWait) {
      const wanted = Math.min(BATCH_SIZE, this.queue.length);
      const admitted = this.options.admission?.take(wanted) ?? wanted;
      if (admitted === 0) {
        this.waitForBudget();
        return;
      }
      const batch: Promise<void> = this.writeBatch(this.queue.splice(0, admitted)).finally(() => {
        this.options.admission?.settle(admitted);
        this.inFlight.delete(batch);
        this.pump();
      });
      this.inFlight.add(batch);
    }
  }

  private waitForBudget(): void {
    this.budgetWait = new Promise((resolve) =>
      this.options.admission?.afterTick(() => {
        this.budgetWait = undefined;
        resolve();
        this.pump();
      }),
    );
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let written: WrittenBatch;
    const started = performance.now();
    try {
      written = await this.write(batch.map((pending) => pending.vote));
      this.options.observeBatch?.(batch.length, (performance.now() - started) / 1000);
    } catch (error) {
      this.options.log?.error(
        { err: error, votes: batch.length },
        "vote batch failed; its votes were refused",
      );
      for (const pending of batch) pending.reject(error);
      return;
    }
    if (written.batchFailure !== undefined) {
      this.options.log?.error(
        { reason: written.batchFailure, votes: batch.length },
        "vote batch failed as one transaction; its votes were written one by one",
      );
    }
    noteCountersMoved();
    const counts = new Map(written.counts);
    for (const [index, pending] of batch.entries()) {
      const outcome = written.outcomes[index];
      if (outcome?.ok) {
        pending.resolve({ result: outcome.result, counts: counts.get(pending.vote.articleId) ?? NO_VOTES });
      } else if (outcome?.forgedVoterCookie) {
        pending.reject(new ForgedVoterCookie(outcome.message));
      } else if (outcome?.contention) {
        pending.reject(new VoteContention(MAX_CHANGE_ATTEMPTS));
      } else {
        pending.reject(new Error(outcome?.message ?? "the vote writer gave no answer for this vote"));
      }
    }
  }
}
