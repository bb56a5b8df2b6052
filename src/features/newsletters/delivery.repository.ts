import type { Db } from "../../storage/storage.js";
import type { ClaimedJob, RecipientBatch } from "./delivery.queue.js";
import type { DeliveryStatus } from "./newsletter.table.js";

/**
 * Takes this job's waiting recipients under its claim, first marking as skipped those who left the
 * newsletter or were suppressed since the issue was made. Rows left "sending" by a dead worker are
 * taken again: the server never had their final dot (see smtp-lane.ts). Only rows of the job's own
 * issue: a job left in pg-boss by a restored site's earlier life may name a range that is now another's.
 */
export async function claimBatch(db: Db, job: ClaimedJob, newsletterId: number, now: number) {
  const waiting = (statuses: DeliveryStatus[]) =>
    db
      .updateTable("newsletter_deliveries")
      .where("issue_id", "=", job.issueId)
      .where("id", ">=", job.firstDeliveryId)
      .where("id", "<=", job.lastDeliveryId)
      .where("status", "in", statuses);
  await waiting(["queued", "sending"])
    .set({ status: "skipped", claim: null })
    .where((eb) =>
      eb.or([
        eb("email", "in", eb.selectFrom("newsletter_suppressions").select("email")),
        eb(
          "email",
          "not in",
          eb
            .selectFrom("newsletter_subscriptions")
            .select("email")
            .where("newsletter_id", "=", newsletterId)
            .where("status", "=", "active"),
        ),
      ]),
    )
    .execute();
  await waiting(["queued", "sending"])
    .set({ status: "sending", claim: job.claim })
    .where("retry_at", "<=", now)
    .execute();
  return db
    .selectFrom("newsletter_deliveries")
    .select(["id", "email", "attempts"])
    .where("id", ">=", job.firstDeliveryId)
    .where("id", "<=", job.lastDeliveryId)
    .where("status", "=", "sending")
    .where("claim", "=", job.claim)
    .orderBy("id")
    .execute();
}

/**
 * The commit point of sends: only the current claim can mark a row sent, and only once. Several
 * rows in one transaction (group commit: one disk flush for the messages of every connection
 * waiting at that moment). Returns the ids it marked.
 */
export async function commitSent(db: Db, deliveryIds: readonly number[], claim: string, now: number) {
  const rows = await db
    .updateTable("newsletter_deliveries")
    .set({ status: "sent", sent_at: now })
    .where("id", "in", deliveryIds)
    .where("claim", "=", claim)
    .where("status", "=", "sending")
    .returning("id")
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** A failed attempt: back in the queue after `retryAt`, or failed for good. */
export async function recordFailure(
  db: Db,
  delivery: { id: number; claim: string },
  outcome: { status: "queued" | "failed"; error: string; retryAt: number },
): Promise<void> {
  await db
    .updateTable("newsletter_deliveries")
    .set((eb) => ({
      status: outcome.status,
      attempts: eb("attempts", "+", 1),
      retry_at: outcome.retryAt,
      last_error: outcome.error,
      sent_at: null,
    }))
    .where("id", "=", delivery.id)
    .where("claim", "=", delivery.claim)
    .execute();
}

export interface IssueFigures {
  recipients: number;
  queued: number;
  sent: number;
  failed: number;
  skipped: number;
  bounced: number;
  unsubscribed: number;
}

/** Counted from the delivery rows every time: there is no counter to drift. */
export async function issueFigures(db: Db, issueId: number): Promise<IssueFigures> {
  const rows = await db
    .selectFrom("newsletter_deliveries")
    .select((eb) => [
      "status",
      eb.fn.countAll<number | string>().as("count"),
      eb.fn.count<number | string>("unsubscribed_at").as("unsubscribed"),
    ])
    .where("issue_id", "=", issueId)
    .groupBy("status")
    .execute();
  const figures: IssueFigures = {
    recipients: 0,
    queued: 0,
    sent: 0,
    failed: 0,
    skipped: 0,
    bounced: 0,
    unsubscribed: 0,
  };
  for (const row of rows) {
    const count = Number(row.count);
    figures.recipients += count;
    figures.unsubscribed += Number(row.unsubscribed);
    const key = row.status === "sending" ? "queued" : row.status;
    figures[key] += count;
  }
  return figures;
}

/** A bounce report names the message: its delivery becomes "bounced" (if it was ours). */
export async function markBounced(db: Db, deliveryId: number, detail: string) {
  return db
    .updateTable("newsletter_deliveries")
    .set({ status: "bounced", last_error: detail.slice(0, 1000) })
    .where("id", "=", deliveryId)
    .where("status", "=", "sent")
    .returning(["email"])
    .executeTakeFirst();
}

export async function findDelivery(db: Db, deliveryId: number) {
  return db
    .selectFrom("newsletter_deliveries")
    .innerJoin("newsletter_issues", "newsletter_issues.id", "newsletter_deliveries.issue_id")
    .select(["newsletter_deliveries.id", "newsletter_deliveries.email", "newsletter_issues.newsletter_id"])
    .where("newsletter_deliveries.id", "=", deliveryId)
    .executeTakeFirst();
}

export async function markUnsubscribed(db: Db, deliveryId: number, now: number): Promise<void> {
  await db
    .updateTable("newsletter_deliveries")
    .set({ unsubscribed_at: now })
    .where("id", "=", deliveryId)
    .where("unsubscribed_at", "is", null)
    .execute();
}

/** The earliest retry of the batch's recipients still waiting; undefined when none waits. */
export async function nextRetryInBatch(db: Db, batch: RecipientBatch): Promise<number | undefined> {
  const waiting = await db
    .selectFrom("newsletter_deliveries")
    .select((eb) => eb.fn.min("retry_at").as("next"))
    .where("issue_id", "=", batch.issueId)
    .where("id", ">=", batch.firstDeliveryId)
    .where("id", "<=", batch.lastDeliveryId)
    .where("status", "in", ["queued", "sending"])
    .executeTakeFirst();
  return waiting?.next === null || waiting?.next === undefined ? undefined : Number(waiting.next);
}
