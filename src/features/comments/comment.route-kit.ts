import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../core/errors.js";
import { isSlug } from "../../core/slug.js";
import type { AppContext } from "../../http/context.js";
import { useSitePolicy } from "../../http/page-response.js";
import { findCommentableArticle } from "../articles/article.queries.js";
import { findArticleTitles } from "../articles/article.repository.js";
import { currentReader } from "../readers/reader-session.js";
import { ArticleComments, type CommentableArticle, readGuestKey } from "./article-comments.js";
import { CommentLimits } from "./comment.posting.js";
import { findComment } from "./comment.repository.js";

import type { CommentRow } from "./comment.table.js";

/** What the comment routes share: the site secret, the article part, the limits, and lookups. */
export interface CommentRouteKit {
  secret: string;
  comments: ArticleComments;
  limits: CommentLimits;
  /** The commentable article at this slug; a 404 otherwise. */
  articleAt(slug: string): Promise<CommentableArticle & { title: string }>;
  /** The comment and its article, for the pages about one comment; a 404 when either is gone. */
  commentAndArticle(
    id: number,
  ): Promise<{ row: CommentRow; article: CommentableArticle & { title: string } }>;
  /** The signed-in reader's or the guest cookie's author key, if any. */
  authorKeyOf(request: FastifyRequest): Promise<string | null>;
  sendUncached(reply: FastifyReply, body: string, status?: number): Promise<FastifyReply>;
}

export function commentRouteKit(ctx: AppContext, secret: string): CommentRouteKit {
  const { db } = ctx.storage;
  async function articleAt(slug: string): Promise<CommentableArticle & { title: string }> {
    const article = isSlug(slug) ? await findCommentableArticle(db, slug, ctx.clock()) : undefined;
    if (!article) throw notFound("Article");
    return article;
  }

  async function sendUncached(reply: FastifyReply, body: string, status = 200) {
    return useSitePolicy(reply, await ctx.loadChrome())
      .code(status)
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(body);
  }

  /** The comment and its article, for the pages about one comment; only public (or the commenter's own) ones. */
  async function commentAndArticle(id: number) {
    const row = await findComment(db, id);
    const article = row && (await findArticleTitles(db, [row.article_id])).get(row.article_id);
    if (!row || !article) throw notFound("Comment");
    return { row, article: await articleAt(article.slug) };
  }

  async function authorKeyOf(request: FastifyRequest) {
    const reader = await currentReader(db, request, ctx.clock());
    return reader ? `reader:${reader.id}` : readGuestKey(request);
  }

  return {
    secret,
    comments: new ArticleComments(ctx, secret),
    limits: new CommentLimits(ctx.limiter),
    articleAt,
    commentAndArticle,
    authorKeyOf,
    sendUncached,
  };
}
