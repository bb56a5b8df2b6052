import { notFound } from "../../core/errors.js";
import type { DailySeries } from "../../storage/daily.js";
import { countPerDay } from "../../storage/daily.js";
import type { Db, Storage } from "../../storage/storage.js";
import { findPublicArticle } from "../articles/article.queries.js";
import { type IssueFigures, issueFigures } from "./delivery.repository.js";
import { listIssues } from "./issue.repository.js";
import { queueIssue } from "./issue.service.js";
import type { Newsletter } from "./newsletter.js";
import { findNewsletter, listNewsletters } from "./newsletter.repository.js";

export interface NewsletterOverview {
  newsletter: Newsletter;
  subscribers: number;
  issues: Array<{ id: number; subject: string; createdAt: number; figures: IssueFigures }>;
}

const ISSUES_SHOWN = 10;

/** Each newsletter with its active subscribers and its latest issues' figures (counted from rows). */
export async function newsletterOverview(db: Db): Promise<NewsletterOverview[]> {
  const counts = await db
    .selectFrom("newsletter_subscriptions")
    .select((eb) => ["newsletter_id", eb.fn.countAll<number | string>().as("count")])
    .where("status", "=", "active")
    .groupBy("newsletter_id")
    .execute();
  const subscribers = new Map(counts.map((row) => [row.newsletter_id, Number(row.count)]));
  return Promise.all(
    (await listNewsletters(db)).map(async (newsletter) => ({
      newsletter,
      subscribers: subscribers.get(newsletter.id) ?? 0,
      issues: await Promise.all(
        (await listIssues(db, newsletter.id, ISSUES_SHOWN)).map(async (issue) => ({
          id: issue.id,
          subject: issue.subject,
          createdAt: issue.created_at,
          figures: await issueFigures(db, issue.id),
        })),
      ),
    })),
  );
}

/** The suppression list, newest first: who gets no newsletter, and why. */
export async function listSuppressions(db: Db, limit: number) {
  return db
    .selectFrom("newsletter_suppressions")
    .selectAll()
    .orderBy("created_at", "desc")
    .limit(limit)
    .execute();
}

/** Staff send one published article to a newsletter now (its key makes a second click send nothing). */
export async function sendArticleNow(
  storage: Storage,
  request: { newsletterId: number; slug: string; siteUrl: string; siteTitle: string; now: number },
) {
  const { db } = storage;
  const newsletter = await findNewsletter(db, request.newsletterId);
  if (!newsletter) throw notFound("Newsletter");
  const detail = await findPublicArticle(db, request.slug, request.now);
  if (!detail) throw notFound("Published article");
  return queueIssue(storage, {
    newsletterId: newsletter.id,
    issueKey: `article:${detail.article.id}`,
    stories: [detail],
    siteUrl: request.siteUrl,
    siteTitle: request.siteTitle,
    now: request.now,
  });
}

/** New subscriptions per day, for the staff dashboard (registered in app.ts). */
export const newsletterSignupsPerDay: DailySeries = {
  id: "newsletter-signups",
  label: "Newsletter sign-ups",
  unit: "subscriptions",
  load: (db, range) => countPerDay(db.selectFrom("newsletter_subscriptions"), "created_at", range),
};
