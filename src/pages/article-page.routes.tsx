import type { FastifyInstance } from "fastify";
import { notFound } from "../core/errors.js";
import { isSlug } from "../core/slug.js";
import { findMovedArticleSlug, findPublicArticle } from "../features/articles/article.queries.js";
import { articlePath } from "../features/articles/views/article-card.js";
import type { AppContext } from "../http/context.js";
import { sendPage } from "../http/page-response.js";
import { h, renderDocument } from "../views/jsx.js";
import { ArticlePage } from "./article-page.js";

/** `/:slug/`: the composed article page, from the shared cache; old slugs answer 301. */
export async function articlePageRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<{ Params: { slug: string } }>("/:slug/", async (request, reply) => {
    const { slug } = request.params;
    if (!isSlug(slug)) throw notFound();
    const page = await ctx.pageCache.get(`article/${slug}`, async () => {
      const [detail, chrome] = await Promise.all([
        findPublicArticle(ctx.storage.db, slug, ctx.clock()),
        ctx.loadChrome(),
      ]);
      return detail
        ? { body: renderDocument(<ArticlePage detail={detail} chrome={chrome} parts={{}} />) }
        : null;
    });
    if (page) return sendPage(request, reply, page);
    const movedTo = await findMovedArticleSlug(ctx.storage.db, slug);
    if (movedTo) return reply.redirect(articlePath(movedTo), 301);
    throw notFound();
  });

  app.get<{ Params: { slug: string } }>("/:slug", async (request, reply) => {
    if (!isSlug(request.params.slug)) throw notFound();
    return reply.redirect(articlePath(request.params.slug), 301);
  });
}
