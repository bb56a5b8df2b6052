import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db, Storage } from "../../storage/storage.js";
import { PgBossQueue } from "./delivery.pg-boss.js";

/**
 * The durable queue of recipient batches (decision 0024): pg-boss on PostgreSQL, a table in the
 * site's own database on SQLite. Exactly-once rests on the delivery rows and their claims (0023),
 * not on the queue: a queue that hands a batch out twice only costs a second look at sent rows.
 */
export interface RecipientBatch {
  issueId: number;
  firstDeliveryId: number;
  lastDeliveryId: number;
}

export interface ClaimedJob extends RecipientBatch {
  /** The queue's own id of the job. */
  jobId: string;
  /** Stamped on the batch's delivery rows: only the current claim may mark them sent. */
  claim: string;
}

/** When the next job can be claimed, and whether it is one a worker holds (due when its lease runs out). */
export interface NextJob {
  inMs: number;
  held: boolean;
}

export interface DeliveryQueue {
  /** How long a claimed job is ours without renewal; a dead worker's job is taken up after it. */
  readonly leaseMs: number;
  /** Adds the batches inside the caller's transaction: an issue, its delivery rows and its jobs commit together. */
  enqueue(trx: Db, batches: readonly RecipientBatch[], now: number): Promise<void>;
  /** Takes one due job (or one whose worker's lease ran out), under a fresh claim. */
  claim(now: number): Promise<ClaimedJob | undefined>;
  /** Keeps the job ours; false when another worker has taken it meanwhile. */
  renew(job: ClaimedJob, now: number): Promise<boolean>;
  /** Done, or ready again when the batch's earliest retry is due. */
  release(job: ClaimedJob, retry: { at: number; now: number } | undefined): Promise<void>;
  nextJob(now: number): Promise<NextJob | undefined>;
  /**
   * Recipients still waiting whom no open job will send, by issue and delivery id: a queue restored
   * apart from the rows (pg-boss's schema is not in a backup of the site's) or a bug. `verify --fix`
   * and a starting worker queue them again (`requeueStrandedDeliveries`).
   */
  strandedDeliveries(): Promise<StrandedDelivery[]>;
}

export interface StrandedDelivery {
  issueId: number;
  deliveryId: number;
}

export const DEFAULT_LEASE_MS = 60_000;

/** Recipients per queue job: small enough that a crashed batch is quickly taken up, large enough to keep the queue short. */
export const RECIPIENTS_PER_JOB = 500;

/** An issue's delivery ids (ascending) as jobs of RECIPIENTS_PER_JOB. */
export function batchesOf(issueId: number, deliveryIds: readonly number[]): RecipientBatch[] {
  const batches = [];
  for (let start = 0; start < deliveryIds.length; start += RECIPIENTS_PER_JOB) {
    const batch = deliveryIds.slice(start, start + RECIPIENTS_PER_JOB);
    batches.push({ issueId, firstDeliveryId: batch[0] as number, lastDeliveryId: batch.at(-1) as number });
  }
  return batches;
}

/**
 * Queues again the recipients no open job will send (decision 0024): after a PostgreSQL restore,
 * whose dump holds the delivery rows but not pg-boss's jobs, or whatever else left them. Safe to run
 * any time and on several instances at once: a job only sends its issue's rows still waiting, under
 * a claim only one worker holds (0023), so a second job for the same rows costs a look, not a message.
 * Returns how many recipients were queued again.
 */
export async function requeueStrandedDeliveries(db: Db, queue: DeliveryQueue, now: number): Promise<number> {
  const stranded = await queue.strandedDeliveries();
  const idsByIssue = new Map<number, number[]>();
  for (const { issueId, deliveryId } of stranded) {
    const ids = idsByIssue.get(issueId) ?? [];
    ids.push(deliveryId);
    idsByIssue.set(issueId, ids);
  }
  const batches = [...idsByIssue].flatMap(([issueId, ids]) => batchesOf(issueId, ids));
  if (batches.length > 0) await db.transaction().execute((trx) => queue.enqueue(trx, batches, now));
  return stranded.length;
}

/** The table queue (`newsletter_jobs`): one conditional update per claim and a lease renewed while the batch is worked on. */
export class TableQueue implements DeliveryQueue {
  constructor(
    private readonly db: Db,
    readonly leaseMs = DEFAULT_LEASE_MS,
  ) {}

  async enqueue(trx: Db, batches: readonly RecipientBatch[], now: number): Promise<void> {
    const jobs = batches.map((batch) => ({
      issue_id: batch.issueId,
      first_delivery_id: batch.firstDeliveryId,
      last_delivery_id: batch.lastDeliveryId,
      status: "ready" as const,
      run_after: now,
      claim: null,
      locked_until: 0,
      created_at: now,
    }));
    for (let start = 0; start < jobs.length; start += 500)
      await trx
        .insertInto("newsletter_jobs")
        .values(jobs.slice(start, start + 500))
        .execute();
  }

  async claim(now: number): Promise<ClaimedJob | undefined> {
    const isDue = sql<boolean>`(status = 'ready' and run_after <= ${now}) or (status = 'running' and locked_until < ${now})`;
    const candidates = await this.db
      .selectFrom("newsletter_jobs")
      .select(["id", "issue_id", "first_delivery_id", "last_delivery_id"])
      .where(isDue)
      .orderBy("id")
      .limit(8)
      .execute();
    for (const job of candidates) {
      const claim = randomBytes(12).toString("base64url");
      const won = await this.db
        .updateTable("newsletter_jobs")
        .set({ status: "running", claim, locked_until: now + this.leaseMs })
        .where("id", "=", job.id)
        .where(isDue)
        .executeTakeFirst();
      if (won.numUpdatedRows === 1n)
        return {
          jobId: String(job.id),
          issueId: job.issue_id,
          firstDeliveryId: job.first_delivery_id,
          lastDeliveryId: job.last_delivery_id,
          claim,
        };
    }
    return undefined;
  }

  async renew(job: ClaimedJob, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable("newsletter_jobs")
      .set({ locked_until: now + this.leaseMs })
      .where("id", "=", Number(job.jobId))
      .where("claim", "=", job.claim)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }

  async release(job: ClaimedJob, retry: { at: number } | undefined): Promise<void> {
    await this.db
      .updateTable("newsletter_jobs")
      .set(retry ? { status: "ready", claim: null, run_after: retry.at } : { status: "done", claim: null })
      .where("id", "=", Number(job.jobId))
      .where("claim", "=", job.claim)
      .execute();
  }

  async nextJob(now: number): Promise<NextJob | undefined> {
    const row = await this.db
      .selectFrom("newsletter_jobs")
      .select((eb) => [
        eb.fn.min("run_after").filterWhere("status", "=", "ready").as("ready"),
        eb.fn.min("locked_until").filterWhere("status", "=", "running").as("running"),
      ])
      .executeTakeFirst();
    const ready = row?.ready === null || row?.ready === undefined ? undefined : Number(row.ready);
    const running = row?.running === null || row?.running === undefined ? undefined : Number(row.running);
    if (ready === undefined && running === undefined) return undefined;
    if (running === undefined || (ready !== undefined && ready <= running))
      return { inMs: (ready ?? 0) - now, held: false };
    return { inMs: running - now, held: true };
  }

  async strandedDeliveries(): Promise<StrandedDelivery[]> {
    const rows = await this.db
      .selectFrom("newsletter_deliveries")
      .select(["issue_id", "id"])
      .where("status", "in", ["queued", "sending"])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("newsletter_jobs")
              .select("newsletter_jobs.id")
              .whereRef("newsletter_jobs.issue_id", "=", "newsletter_deliveries.issue_id")
              .where("newsletter_jobs.status", "in", ["ready", "running"])
              .where(
                sql<boolean>`newsletter_deliveries.id between newsletter_jobs.first_delivery_id and newsletter_jobs.last_delivery_id`,
              ),
          ),
        ),
      )
      .orderBy("issue_id")
      .orderBy("id")
      .execute();
    return rows.map((row) => ({ issueId: row.issue_id, deliveryId: row.id }));
  }
}

const queues = new WeakMap<Storage, DeliveryQueue>();

/** The site's queue: pg-boss on PostgreSQL, the table on SQLite; one per storage, made on first use. */
export function deliveryQueueOf(storage: Storage): DeliveryQueue {
  let queue = queues.get(storage);
  if (!queue) {
    queue = openDeliveryQueue(storage);
    queues.set(storage, queue);
  }
  return queue;
}

/** A queue of its own, with its own lease (tests shorten it; a live site uses deliveryQueueOf). */
export function openDeliveryQueue(storage: Storage, leaseMs = DEFAULT_LEASE_MS): DeliveryQueue {
  return storage.dialect === "postgres"
    ? new PgBossQueue(storage.db, leaseMs)
    : new TableQueue(storage.db, leaseMs);
}
