import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../../storage/storage.js";

/**
 * The durable queue of recipient batches, a table in the site's own database (both dialects). A job
 * is claimed by a conditional update that only one worker can win; a claim is a lease, renewed while
 * the batch is worked on, so a job whose worker died is taken up again once the lease runs out.
 */
export interface ClaimedJob {
  id: number;
  issueId: number;
  firstDeliveryId: number;
  lastDeliveryId: number;
  claim: string;
}

const isDue = (now: number) =>
  sql<boolean>`(status = 'ready' and run_after <= ${now}) or (status = 'running' and locked_until < ${now})`;

export async function claimJob(db: Db, now: number, leaseMs: number): Promise<ClaimedJob | undefined> {
  const candidates = await db
    .selectFrom("newsletter_jobs")
    .select(["id", "issue_id", "first_delivery_id", "last_delivery_id"])
    .where(isDue(now))
    .orderBy("id")
    .limit(8)
    .execute();
  for (const job of candidates) {
    const claim = randomBytes(12).toString("base64url");
    const won = await db
      .updateTable("newsletter_jobs")
      .set({ status: "running", claim, locked_until: now + leaseMs })
      .where("id", "=", job.id)
      .where(isDue(now))
      .executeTakeFirst();
    if (won.numUpdatedRows === 1n)
      return {
        id: job.id,
        issueId: job.issue_id,
        firstDeliveryId: job.first_delivery_id,
        lastDeliveryId: job.last_delivery_id,
        claim,
      };
  }
  return undefined;
}

/** Extends the lease; false when another worker has taken the job meanwhile. */
export async function renewLease(db: Db, job: ClaimedJob, until: number): Promise<boolean> {
  const result = await db
    .updateTable("newsletter_jobs")
    .set({ locked_until: until })
    .where("id", "=", job.id)
    .where("claim", "=", job.claim)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Done when no recipient of the batch waits any more; otherwise ready again at the earliest retry. */
export async function releaseJob(db: Db, job: ClaimedJob): Promise<void> {
  const waiting = await db
    .selectFrom("newsletter_deliveries")
    .select((eb) => eb.fn.min("retry_at").as("next"))
    .where("id", ">=", job.firstDeliveryId)
    .where("id", "<=", job.lastDeliveryId)
    .where("status", "in", ["queued", "sending"])
    .executeTakeFirst();
  const next = waiting?.next;
  await db
    .updateTable("newsletter_jobs")
    .set(
      next === null || next === undefined
        ? { status: "done", claim: null }
        : { status: "ready", claim: null, run_after: Number(next) },
    )
    .where("id", "=", job.id)
    .where("claim", "=", job.claim)
    .execute();
}

/** When the next job will be due, or undefined when the queue is empty. */
export async function nextJobDue(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom("newsletter_jobs")
    .select((eb) => [
      eb.fn.min("run_after").filterWhere("status", "=", "ready").as("ready"),
      eb.fn.min("locked_until").filterWhere("status", "=", "running").as("running"),
    ])
    .executeTakeFirst();
  const times = [row?.ready, row?.running].filter((time) => time !== null && time !== undefined).map(Number);
  return times.length > 0 ? Math.min(...times) : undefined;
}

export async function enqueueBatches(
  db: Db,
  issueId: number,
  deliveryIds: readonly number[],
  batchSize: number,
  now: number,
): Promise<number> {
  const jobs = [];
  for (let start = 0; start < deliveryIds.length; start += batchSize) {
    const batch = deliveryIds.slice(start, start + batchSize);
    jobs.push({
      issue_id: issueId,
      first_delivery_id: batch[0] as number,
      last_delivery_id: batch.at(-1) as number,
      status: "ready" as const,
      run_after: now,
      claim: null,
      locked_until: 0,
      created_at: now,
    });
  }
  for (let start = 0; start < jobs.length; start += 500)
    await db
      .insertInto("newsletter_jobs")
      .values(jobs.slice(start, start + 500))
      .execute();
  return jobs.length;
}
