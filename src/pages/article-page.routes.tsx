import type { FastifyInstance } from "fastify";
import { notFound } from "../core/errors.js";
import { isSlug } from "../core/slug.js";
import { findMovedArticleSlug, findPublicArticle } from "../features/articles/article.queries.js";
import { articlePath } from "../features/articles/views/article-card.js";
import { DonationAppeal } from "../features/donations/views/donation-appeal.js";
import { VoteWidget } from "../features/votes/views/vote-widget.js";
import { summarizeVotes } from "../features/votes/vote.math.js";
import { countsBySlugReader } from "../features/votes/vote.repository.js";
import type { AppContext } from "../http/context.js";
import { PAGE_HOLE } from "../http/page-cache.js";
import { type LiveContent, sendPage } from "../http/page-response.js";
import { h, renderDocument, trustedHtml } from "../views/jsx.js";
import { ArticlePage } from "./article-page.js";

/** `/:slug/`: the composed article page, from the shared cache; old slugs answer 301. */
export async function articlePageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const widgets = new Map<string, LiveContent>();
  const readCountsBySlug = countsBySlugReader(ctx.storage);
  /** The vote widget from the live counters; re-rendered only when the counts differ from last time. */
  async function liveVotes(slug: string): Promise<LiveContent> {
    const counts = await readCountsBySlug(slug);
    const tag = `${counts.up}-${counts.down}`;
    const cached = widgets.get(slug);
    if (cached?.tag === tag) return cached;
    const live = { tag, html: (<VoteWidget slug={slug} summary={summarizeVotes(counts)} />).value };
    if (widgets.size > 5000) widgets.clear();
    widgets.set(slug, live);
    return live;
  }

  app.get<{ Params: { slug: string } }>("/:slug/", async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) throw notFound();
    const page = await ctx.pageCache.get(`article/${slug}`, async () => {
      const [detail, chrome] = await Promise.all([
        findPublicArticle(ctx.storage.db, slug, ctx.clock()),
        ctx.loadChrome(),
      ]);
      if (!detail) return null;
      const { settings } = chrome;
      const parts = {
        votes: trustedHtml(PAGE_HOLE),
        donationAppeal:
          settings.donationAppeal || settings.readerAppeal ? (
            <DonationAppeal settings={settings} />
          ) : undefined,
      };
      return { body: renderDocument(<ArticlePage detail={detail} chrome={chrome} parts={parts} />) };
    });
    if (page) return sendPage(request, reply, page, await liveVotes(slug));
    const movedTo = await findMovedArticleSlug(ctx.storage.db, slug);
    if (movedTo) return reply.redirect(articlePath(movedTo), 301);
    throw notFound();
  });

  app.get<{ Params: { slug: string } }>("/:slug", async (request, reply) => {
    if (!isSlug(request.params.slug)) throw notFound();
    return reply.redirect(articlePath(request.params.slug), 301);
  });
}
