import type { Storage } from "../../storage/storage.js";
import { findPublicArticle, listPublishedArticles } from "../articles/article.queries.js";
import { articlesNotMailedOnPublish } from "./article-mail.js";
import { latestDigest } from "./digest-schedule.js";
import { queueIssue } from "./issue.service.js";
import { listNewsletters } from "./newsletter.repository.js";

/** A digest lists at most this many stories, newest first. */
const DIGEST_STORIES = 20;
/** How far back an each-story list looks for stories it has not sent (e.g. after downtime). */
const EACH_STORY_LOOKBACK_MS = 24 * 3_600_000;

const inSections = (sectionIds: readonly number[], categories: readonly { id: number }[]) =>
  sectionIds.length === 0 || categories.some((category) => sectionIds.includes(category.id));

/**
 * Queues every digest whose time has come: the stories published in its sections since the digest
 * before it. Run by every instance each minute; the issue key ("digest:2026-12-02") makes a second
 * run, or a second instance, queue nothing. A digest with no stories is not sent; after downtime only
 * the latest digest goes out.
 */
export async function queueDueDigests(
  storage: Storage,
  site: { siteUrl: string; siteTitle: string; timeZone: string; now: number },
): Promise<number> {
  const { db } = storage;
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
    const stories = recent
      .slice(0, DIGEST_STORIES)
      .filter((story) => inSections(newsletter.sectionIds, story.categories));
    if (stories.length === 0) continue;
    const result = await queueIssue(storage, {
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

/**
 * Each-story lists: every story published in their sections since the list was made (and within the
 * last day) goes out as its own issue, keyed by the article, so each is sent once however often this
 * runs and on however many instances. Scheduled stories go out when their time comes.
 */
export async function queuePublishedStories(
  storage: Storage,
  site: { siteUrl: string; siteTitle: string; now: number },
): Promise<number> {
  const { db } = storage;
  const lists = (await listNewsletters(db)).filter((newsletter) => newsletter.cadence === "each-story");
  if (lists.length === 0) return 0;
  const recent = await listPublishedArticles(db, {
    now: site.now,
    limit: DIGEST_STORIES,
    offset: 0,
    publishedFrom: site.now - EACH_STORY_LOOKBACK_MS,
  });
  // Stories the editor marked "publish only" or "e-mail only" (sent by hand) are not mailed on publishing.
  const notMailed = await articlesNotMailedOnPublish(
    db,
    recent.map((story) => story.article.id),
  );
  let queued = 0;
  for (const newsletter of lists) {
    for (const story of recent) {
      if (
        notMailed.has(story.article.id) ||
        story.article.publishedAt < newsletter.createdAt ||
        !inSections(newsletter.sectionIds, story.categories)
      )
        continue;
      const detail = await findPublicArticle(db, story.article.slug, site.now);
      if (!detail) continue;
      const result = await queueIssue(storage, {
        newsletterId: newsletter.id,
        issueKey: `article:${story.article.id}`,
        stories: [detail],
        ...site,
      });
      if (!result.alreadyQueued) queued += 1;
    }
  }
  return queued;
}
