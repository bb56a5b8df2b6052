import { createHash } from "node:crypto";
import type { AppContext } from "../../http/context.js";
import { sendPage } from "../../http/page-response.js";
import { PageQuery, pageNumber, type Router } from "../../http/schemas.js";
import type { Db } from "../../storage/storage.js";
import { h, renderDocument } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import { summarise } from "../articles/article.queries.js";
import { findVisibleArticlesByIds } from "../articles/article.repository.js";
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
 * /top/ and /hot/: rendered on every request, never from the page cache, because votes change them
 * without changing the content version (see vote.rankings.ts for what bounds the work). Browsers still
 * get an ETag, so an unchanged page costs them a 304.
 */
export async function voteRankingRoutes(app: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  for (const ranking of rankings) {
    const { path } = ranking;
    app.get(path, { schema: { querystring: PageQuery } }, async (request, reply) => {
      const page = pageNumber(request.query);
      const now = ctx.clock();
      const [ranked, chrome] = await Promise.all([ranking.rank(db, now), ctx.loadChrome()]);
      const slice = rankingPage(ranked, page);
      if (slice.items.length === 0 && page > 1) return sendPage(request, reply, null);
      const rows = await findVisibleArticlesByIds(
        db,
        slice.items.map((item) => item.articleId),
        now,
      );
      const summaries = new Map((await summarise(db, rows)).map((summary) => [summary.id, summary]));
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
      const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
      return sendPage(request, reply, { body: Buffer.from(body), etag });
    });
    app.get(path.slice(0, -1), (_request, reply) => reply.redirect(path, 301));
  }
}
