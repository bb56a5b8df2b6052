import assert from "node:assert/strict";
import { findPublicArticle } from "../../src/features/articles/article.queries.js";
import type { DeliveryQueue } from "../../src/features/newsletters/delivery.queue.js";
import { queueIssue } from "../../src/features/newsletters/issue.service.js";
import type { NewsletterInput } from "../../src/features/newsletters/newsletter.js";
import { insertNewsletter } from "../../src/features/newsletters/newsletter.repository.js";
import { activateSubscriptions } from "../../src/features/newsletters/subscription.repository.js";
import type { Db, Storage } from "../../src/storage/storage.js";
import { makeArticle } from "./factories.js";

let sequence = 0;

export const newsletterInput = (overrides: Partial<NewsletterInput> = {}): NewsletterInput => ({
  slug: `letter-${++sequence}`,
  name: "The Morning Ledger",
  description: "Our stories of the day.",
  senderName: "The Harbour Ledger",
  senderEmail: "news@ledger.example",
  replyTo: "editors@ledger.example",
  cadence: "each-story",
  sendTime: "07:00",
  sendWeekday: 1,
  sectionIds: [],
  ...overrides,
});

/** A newsletter with `count` active subscribers reader1@… readerN@…, added in chunks. */
export async function makeNewsletterWithSubscribers(db: Db, count: number, now = 0) {
  const id = await insertNewsletter(db, newsletterInput(), now);
  const emails = Array.from({ length: count }, (_, index) => `reader${index + 1}@inbox.example`);
  for (let start = 0; start < emails.length; start += 1000) {
    const chunk = emails.slice(start, start + 1000).map((email) => ({ newsletterId: id, email }));
    await activateSubscriptions(db, chunk, "test", now);
  }
  return { id, emails };
}

/** A newsletter with these many subscribers and one story for them; `queue()` queues the issue (idempotent). */
export async function queuedStory(
  storage: Storage,
  subscribers: number,
  options: { now: number; queue?: DeliveryQueue },
) {
  const { db } = storage;
  const { now } = options;
  const { id, emails } = await makeNewsletterWithSubscribers(db, subscribers, now);
  const article = await makeArticle(db, now, {
    title: "Harbour wall repaired",
    attributions: [{ kind: "source", outlet: "Port Authority", url: "https://port.example/report" }],
  });
  const detail = await findPublicArticle(db, article.slug, now);
  assert.ok(detail);
  const queue = () =>
    queueIssue(
      storage,
      {
        newsletterId: id,
        issueKey: `article:${article.id}`,
        stories: [detail],
        siteUrl: "https://ledger.example",
        siteTitle: "The Harbour Ledger",
        now,
      },
      options.queue,
    );
  return { newsletterId: id, emails, queue };
}
