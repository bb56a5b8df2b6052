import type { AppContext } from "../../http/context.js";
import { sendPage } from "../../http/page-response.js";
import { PageQuery, pageNumber, type Router } from "../../http/schemas.js";
import type { Db } from "../../storage/storage.js";
import { h, renderDocument } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import { findVisibleSummaries } from "../articles/article.queries.js";
import type { ListHeading } from "../articles/views/article-list.js";
import { type RankedCard, RankingsPage } from "./views/rankings-page.js";
import { type RankedArticle, rankHot, rankingPage, rankTop } from "./vote.rankings.js";

interface Ranking {
  path: string;
  /** The page's words: its title, the description under it, and what it says when empty. */
  words: (t: SiteChrome["t"]) => { heading: ListHeading; emptyText: string };
  rank: (db: Db, now: number) => Promise<RankedArticle[]>;
}

const rankings: Ranking[] = [
  {
    path: "/top/",
    words: (t) => ({
      heading: { title: t("layout.topRated"), description: t("rankings.top.description"), path: "/top/" },
      emptyText: t("rankings.top.empty"),
    }),
    rank: rankTop,
  },
  {
    path: "/hot/",
    words: (t) => ({
      heading: { title: t("layout.hot"), description: t("rankings.hot.description"), path: "/hot/" },
      emptyText: t("rankings.hot.empty"),
    }),
    rank: rankHot,
  },
];

/**
 * How old a ranking may be when served. Votes change /top/ and /hot/ without changing the content
 * version, so the page cache alone would keep a ranking until the next edit; rendering it per request
 * cost 10–15 ms on a 100,000-article archive (decision 0051). A newsroom's ranking a few seconds old
 * is still right; a content change (a new or edited article) shows on the next request all the same.
 */
export const RANKING_MAX_AGE_MS = 10_000;

/** /top/ and /hot/, from the page cache, re-ranked at most every RANKING_MAX_AGE_MS. */
export async function voteRankingRoutes(app: Router, ctx: AppContext): Promise<void> {
  for (const ranking of rankings) {
    const { path } = ranking;
    app.get(path, { schema: { querystring: PageQuery } }, async (request, reply) => {
      const page = pageNumber(request.query);
      const cached = await ctx.pageCache.get(
        `ranking:${path}:${page}`,
        () => renderRanking(ctx, ranking, page),
        {
          maxAgeMs: RANKING_MAX_AGE_MS,
        },
      );
      return sendPage(request, reply, cached);
    });
    app.get(path.slice(0, -1), (_request, reply) => reply.redirect(path, 301));
  }
}

/** One page of a ranking, or null past its end. */
async function renderRanking(ctx: AppContext, ranking: Ranking, page: number) {
  const { db } = ctx.storage;
  const now = ctx.clock();
  const [ranked, chrome] = await Promise.all([ranking.rank(db, now), ctx.loadChrome()]);
  const slice = rankingPage(ranked, page);
  if (slice.items.length === 0 && page > 1) return null;
  const shown = await findVisibleSummaries(
    db,
    slice.items.map((item) => item.articleId),
    now,
  );
  const summaries = new Map(shown.map((summary) => [summary.id, summary]));
  const items = slice.items.flatMap((item): RankedCard[] => {
    const article = summaries.get(item.articleId);
    return article ? [{ article, up: item.up, down: item.down }] : [];
  });
  const { heading, emptyText } = ranking.words(chrome.t);
  const body = renderDocument(
    <RankingsPage
      chrome={chrome}
      heading={heading}
      emptyText={emptyText}
      list={{ items, page, hasNext: slice.hasNext }}
    />,
  );
  return { body };
}
