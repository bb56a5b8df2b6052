import { notFound } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import { enqueueBatches } from "./delivery.queue.js";
import { type IssueStory, renderIssue } from "./issue.render.js";
import { insertIssueWithDeliveries } from "./issue.repository.js";
import { findNewsletter } from "./newsletter.repository.js";

/** Recipients per queue job: small enough that a crashed batch is quickly taken up, large enough to keep the queue short. */
export const RECIPIENTS_PER_JOB = 500;

/**
 * Makes an issue of these stories and queues it for every subscriber, in one transaction. The key
 * ("article:12", "digest:2026-12-02") makes it idempotent: asking twice sends once.
 */
export async function queueIssue(
  db: Db,
  input: {
    newsletterId: number;
    issueKey: string;
    stories: readonly IssueStory[];
    siteUrl: string;
    siteTitle: string;
    now: number;
  },
): Promise<{ issueId: number; recipients: number; alreadyQueued: boolean }> {
  const newsletter = await findNewsletter(db, input.newsletterId);
  if (!newsletter) throw notFound("Newsletter");
  const rendered = renderIssue(input.stories, {
    siteUrl: input.siteUrl,
    siteTitle: input.siteTitle,
    newsletterName: newsletter.name,
  });
  return db.transaction().execute(async (trx) => {
    const { issueId, deliveryIds } = await insertIssueWithDeliveries(trx, {
      newsletterId: newsletter.id,
      issueKey: input.issueKey,
      rendered,
      now: input.now,
    });
    await enqueueBatches(trx, issueId, deliveryIds, RECIPIENTS_PER_JOB, input.now);
    return { issueId, recipients: deliveryIds.length, alreadyQueued: deliveryIds.length === 0 };
  });
}
