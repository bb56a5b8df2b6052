import type { NewsletterInput } from "../../src/features/newsletters/newsletter.js";
import { insertNewsletter } from "../../src/features/newsletters/newsletter.repository.js";
import { activateSubscriptions } from "../../src/features/newsletters/subscription.repository.js";
import type { Db } from "../../src/storage/storage.js";

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
