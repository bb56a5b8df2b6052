// The vote-based rankings behind /top/ and /hot/. Votes change many times a second without a content
// write, so these pages are kept in the page cache for a few seconds at most (RANKING_MAX_AGE_MS in
// vote.rankings.routes.tsx, decision 0051); each computation is bounded: one indexed candidate query of
// at most TOP_CANDIDATES rows (top) or the articles of the last HOT_WINDOW_MS (hot), a sort in JS, and
// the cards of one page.
import { sql } from "kysely";
import type { Db } from "../../storage/storage.js";
import { visibleArticleTimes } from "../articles/article.repository.js";
import { hotScore, wilsonLowerBound } from "./vote.math.js";
import { shownCountsOf } from "./vote.shown-counts.js";

const DAY = 24 * 3_600_000;

/** Articles per page of a ranking. */
export const RANKING_PAGE_SIZE = 20;

/**
 * /top/ ranks at most this many articles: the visible ones with the most votes (up + down, an imported
 * legacy tally included, as on the vote widget). The candidate query reads the counters most-voted first
 * from the `vote_counters_shown` index and each one's article by primary key, stopping at 2,000 (EXPLAIN
 * on SQLite and PostgreSQL), so the query, the JS sort and the rendering stay at 2,000 rows and 20 cards
 * however large the archive (decision 0042). The price: an article with fewer
 * votes than the 2,000 most-voted is not ranked, however favourable its votes; few votes also mean a low
 * Wilson bound, so such an article rarely belongs on the first pages.
 */
export const TOP_CANDIDATES = 2_000;

/**
 * /hot/ considers only articles published in the last 30 days. The score decays as (ageHours + 2)^1.8, so
 * an article a month old needs about 40,000 times the points of a brand-new one (400 times those of a
 * day-old one) to match it: older ones could not realistically reach the first pages, and the window
 * keeps the work per render bounded by what was published lately (an indexed range on `published_at`)
 * instead of growing with the whole archive.
 */
export const HOT_WINDOW_MS = 30 * DAY;

export interface RankedArticle {
  articleId: number;
  publishedAt: number;
  up: number;
  down: number;
  score: number;
}

/** Higher score first; at equal scores the newer article, then the higher id, so the order is total. */
function byScoreThenNewer(a: RankedArticle, b: RankedArticle): number {
  return b.score - a.score || b.publishedAt - a.publishedAt || b.articleId - a.articleId;
}

/** Every vote an article's page counts: per-reader ones and the legacy tally (decision 0021). */
const shownVotes = sql<number>`c.up + c.down + c.legacy_up + c.legacy_down`;

/**
 * "Top rated": the lower bound of the Wilson score interval at 95% confidence over (up, up + down) —
 * `wilsonLowerBound` in vote.math.ts:
 *
 *   lower = ( p̂ + z²/(2n) − z·√( p̂(1 − p̂)/n + z²/(4n²) ) ) / ( 1 + z²/n ),  n = up + down, p̂ = up/n,
 *   z = 1.96 (two-sided 95%)
 *
 * so 10 up / 0 down (0.72) ranks above 60 up / 40 down (0.50), which ranks above 1 up / 0 down (0.21):
 * a single upvote proves little.
 * Ties go to the newer article. Articles without votes are left out: they have no rating, and the list
 * of rated articles is what the page promises (it also keeps the candidate set to voted articles).
 * With `since`, only articles published from then on take part (the home page's "Top voted this week").
 */
export async function rankTop(db: Db, now: number, since?: number): Promise<RankedArticle[]> {
  const rows = since === undefined ? await mostVotedCandidates(db, now) : await votedSince(db, now, since);
  return rows
    .map((row) => ({
      articleId: row.id,
      publishedAt: row.published_at ?? 0,
      up: row.up,
      down: row.down,
      score: wilsonLowerBound(row.up, row.up + row.down),
    }))
    .sort(byScoreThenNewer);
}

/** The whole archive's TOP_CANDIDATES most-voted visible articles. */
function mostVotedCandidates(db: Db, now: number) {
  // Counters first (a cross join, so SQLite keeps that order): walked down the shown-votes index,
  // each checked for visibility by primary key, until TOP_CANDIDATES are found.
  return db
    .selectFrom("vote_counters as c")
    .crossJoin(visibleArticleTimes(db, { now }).as("a"))
    .whereRef("a.id", "=", "c.article_id")
    .select(["a.id", "a.published_at", ...shownCountsOf("c")])
    .where(shownVotes, ">", 0)
    .orderBy(shownVotes, "desc")
    .orderBy("c.article_id", "desc")
    .limit(TOP_CANDIDATES)
    .execute();
}

/**
 * The voted articles published since then, read from the articles' date index and each one's counters
 * by key: a week is a few hundred articles at most, where walking the counters down would pass every
 * most-voted older article first (150 ms at 100,000 articles).
 */
function votedSince(db: Db, now: number, since: number) {
  return db
    .selectFrom(visibleArticleTimes(db, { now, since }).as("a"))
    .innerJoin("vote_counters as c", "c.article_id", "a.id")
    .select(["a.id", "a.published_at", ...shownCountsOf("c")])
    .where(shownVotes, ">", 0)
    .execute();
}

/**
 * "Hot right now": `hotScore` in vote.math.ts with its default gravity `HOT_GRAVITY` (1.8):
 *
 *   score = points / (ageHours + 2)^1.8,  points = up − down,  ageHours = (now − published_at) / 1 h
 *
 * over the articles published in the last 30 days (HOT_WINDOW_MS). Articles without votes take part with
 * 0 points (score 0): below every article with positive points, above those with negative ones. Ties go
 * to the newer article.
 */
export async function rankHot(db: Db, now: number): Promise<RankedArticle[]> {
  const rows = await db
    .selectFrom(visibleArticleTimes(db, { now, since: now - HOT_WINDOW_MS }).as("a"))
    .leftJoin("vote_counters as c", "c.article_id", "a.id")
    .select(["a.id", "a.published_at", ...shownCountsOf("c")])
    .execute();
  return rows
    .map((row) => {
      const up = row.up ?? 0;
      const down = row.down ?? 0;
      const publishedAt = row.published_at ?? 0;
      return {
        articleId: row.id,
        publishedAt,
        up,
        down,
        score: hotScore({ points: up - down, publishedAt, now }),
      };
    })
    .sort(byScoreThenNewer);
}

/** The front page's "Top voted this week": the best-rated articles published in the last seven days. */
export async function topVotedThisWeek(db: Db, now: number, count: number): Promise<RankedArticle[]> {
  return (await rankTop(db, now, now - 7 * DAY)).slice(0, count);
}

/** One page (1-based) of a ranking, and whether another follows. */
export function rankingPage(ranked: readonly RankedArticle[], page: number, perPage = RANKING_PAGE_SIZE) {
  const start = (page - 1) * perPage;
  return { items: ranked.slice(start, start + perPage), hasNext: ranked.length > start + perPage };
}
