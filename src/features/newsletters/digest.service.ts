import type { Db } from "../../storage/storage.js";
import { listPublishedArticles } from "../articles/article.queries.js";
import { latestDigest } from "./digest-schedule.js";
import { queueIssue } from "./issue.service.js";
import { listNewsletters } from "./newsletter.repository.js";

/** A digest lists at most this many stories, newest first. */
const DIGEST_STORIES = 20;

/**
 * Queues every digest whose time has come: the stories published in its sections since the digest
 * before it. Run by every instance each minute; the issue key ("digest:2026-12-02") makes a second
 * run, or a second instance, queue nothing. A digest with no stories is not sent; after downtime only
 * the latest digest goes out.
 */
export async function queueDueDigests(
  db: Db,
  site: { siteUrl: string; siteTitle: string; timeZone: string; now: number },
): Promise<number> {
  let queued = 0;
  for (const newsletter of await listNewsletters(db)) {
    const due = latestDigest(newsletter, site.timeZone, site.now);
    // A new newsletter starts with its next digest, not with one of the days before it existed.
    if (!due || due.at < newsletter.createdAt) continue;
    const recent = await listPublishedArticles(db, {
      now: due.at,
      limit: DIGEST_STORIES,
      offset: 0,
      publishedFrom: due.since + 1,
    });
    const sections = new Set(newsletter.sectionIds);
    const stories = recent
      .slice(0, DIGEST_STORIES)
      .filter(
        (story) => sections.size === 0 || story.categories.some((category) => sections.has(category.id)),
      );
    if (stories.length === 0) continue;
    const result = await queueIssue(db, {
      newsletterId: newsletter.id,
      issueKey: due.issueKey,
      stories: stories.map((story) => ({ article: story.article, attributions: [] })),
      siteUrl: site.siteUrl,
      siteTitle: site.siteTitle,
      now: site.now,
    });
    if (!result.alreadyQueued) queued += 1;
  }
  return queued;
}
