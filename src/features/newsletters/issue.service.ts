import { notFound } from "../../core/errors.js";
import type { Storage } from "../../storage/storage.js";
import { batchesOf, type DeliveryQueue, deliveryQueueOf } from "./delivery.queue.js";
import { type IssueStory, renderIssue } from "./issue.render.js";
import { insertIssueWithDeliveries } from "./issue.repository.js";
import { findNewsletter } from "./newsletter.repository.js";

/**
 * Makes an issue of these stories and queues it for every subscriber, in one transaction. The key
 * ("article:12", "digest:2026-12-02") makes it idempotent: asking twice sends once.
 */
export async function queueIssue(
  storage: Storage,
  input: {
    newsletterId: number;
    issueKey: string;
    stories: readonly IssueStory[];
    siteUrl: string;
    siteTitle: string;
    now: number;
    /** False for a story sent by e-mail only (no page on the site to link to). */
    online?: boolean;
  },
  queue: DeliveryQueue = deliveryQueueOf(storage),
): Promise<{ issueId: number; recipients: number; alreadyQueued: boolean }> {
  const { db } = storage;
  const newsletter = await findNewsletter(db, input.newsletterId);
  if (!newsletter) throw notFound("Newsletter");
  const rendered = await renderIssue(input.stories, {
    siteUrl: input.siteUrl,
    siteTitle: input.siteTitle,
    newsletterName: newsletter.name,
    online: input.online ?? true,
  });
  return db.transaction().execute(async (trx) => {
    const { issueId, deliveryIds } = await insertIssueWithDeliveries(trx, {
      newsletterId: newsletter.id,
      issueKey: input.issueKey,
      rendered,
      now: input.now,
    });
    await queue.enqueue(trx, batchesOf(issueId, deliveryIds), input.now);
    return { issueId, recipients: deliveryIds.length, alreadyQueued: deliveryIds.length === 0 };
  });
}
