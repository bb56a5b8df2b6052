import { Type } from "@sinclair/typebox";
import { notFound } from "../../core/errors.js";
import { isSlug } from "../../core/slug.js";
import { keyedHash } from "../../core/tokens.js";
import type { AppContext } from "../../http/context.js";
import { PAGE_HOLE } from "../../http/page-cache.js";
import { sendPage } from "../../http/page-response.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import { IdParams, type Router, SlugParams } from "../../http/schemas.js";
import { h, renderDocument, trustedHtml } from "../../views/jsx.js";
import { findCommentableArticle } from "../articles/article.queries.js";
import type { CommentOrder } from "./comment.js";
import { toPublicComment } from "./comment.repository.js";
import type { CommentRouteKit } from "./comment.route-kit.js";
import { flagComment, isValidUnsubscribe, unsubscribeReplies } from "./comment.service.js";
import { CommentPage, QuotedComment, ReportForm } from "./views/comment-pages.js";
import { commentsPath } from "./views/comment-thread.js";

const UnsubscribeParams = Type.Object({
  id: Type.String({ pattern: "^[1-9][0-9]{0,9}$" }),
  signature: Type.String({ pattern: "^[\\w-]{32}$" }),
});
const ThreadQuery = Type.Object({
  page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })),
  order: Type.Optional(Type.Union([Type.Literal("oldest"), Type.Literal("newest")])),
});

/** The paged thread pages, the reply and report pages, and reply-notification unsubscribes. */
export async function commentPageRoutes(app: Router, ctx: AppContext, kit: CommentRouteKit): Promise<void> {
  const { db } = ctx.storage;
  const { secret, comments, limits, commentAndArticle, authorKeyOf, sendUncached } = kit;

  // Later pages of a long thread, and newest-first, as shared cached pages with the live form part.
  app.get(
    "/:slug/comments/",
    { schema: { params: SlugParams, querystring: ThreadQuery } },
    async (request, reply) => {
      const { slug } = request.params;
      if (!isSlug(slug)) throw notFound();
      const page = Number(request.query.page ?? "1");
      const order: CommentOrder = request.query.order ?? "oldest";
      const cached = await ctx.pageCache.get(`comments/${slug}/${page}/${order}`, async () => {
        const [article, chrome] = await Promise.all([
          findCommentableArticle(db, slug, ctx.clock()),
          ctx.loadChrome(),
        ]);
        if (!article) return null;
        const thread = await comments.thread(article, page, order, chrome);
        if (!thread) return null;
        comments.rememberArticle(article, chrome);
        const body = (
          <CommentPage
            chrome={chrome}
            title={chrome.t("comments.page.title", { title: article.title })}
            path={commentsPath(slug, page, order)}
          >
            <p>
              <a href={`/${slug}/`}>{chrome.t("comments.page.back")}</a>
            </p>
            <section class="comments" id="comments" aria-label={chrome.t("article.slot.comments")}>
              {trustedHtml(thread.html)}
              {trustedHtml(PAGE_HOLE)}
            </section>
          </CommentPage>
        );
        return { body: renderDocument(body) };
      });
      return sendPage(
        request,
        reply,
        cached,
        await comments.live(request, slug, () => findCommentableArticle(db, slug, ctx.clock())),
      );
    },
  );

  app.get("/comments/:id/reply", { schema: { params: IdParams } }, async (request, reply) => {
    const { row, article } = await commentAndArticle(request.params.id);
    if (row.status !== "approved") throw notFound("Comment");
    const chrome = await ctx.loadChrome();
    const form = await comments.formFor(request, article, { draft: { parentId: row.id } });
    const page = (
      <CommentPage
        chrome={chrome}
        title={chrome.t("comments.page.replyTo", {
          name: row.author_name ?? chrome.t("comments.deletedReader"),
        })}
        path={`/${article.slug}/`}
      >
        <p>
          {chrome.i18n.rich("comments.page.on", {
            title: <a href={`/${article.slug}/#comment-${row.id}`}>{article.title}</a>,
          })}
        </p>
        <QuotedComment chrome={chrome} comment={toPublicComment(row)} />
        {trustedHtml(form)}
      </CommentPage>
    );
    return sendUncached(reply, renderDocument(page));
  });

  app.get("/comments/:id/report", { schema: { params: IdParams } }, async (request, reply) => {
    const { row, article } = await commentAndArticle(request.params.id);
    if (row.status !== "approved") throw notFound("Comment");
    const chrome = await ctx.loadChrome();
    const page = (
      <CommentPage chrome={chrome} title={chrome.t("comments.page.report")} path={`/${article.slug}/`}>
        <QuotedComment chrome={chrome} comment={toPublicComment(row)} />
        <ReportForm i18n={chrome.i18n} commentId={row.id} />
      </CommentPage>
    );
    return sendUncached(reply, renderDocument(page));
  });

  app.post(
    "/comments/:id/report",
    { schema: { params: IdParams }, bodyLimit: 1024 },
    async (request, reply) => {
      assertSameOrigin(request);
      const { row, article } = await commentAndArticle(request.params.id);
      const now = ctx.clock();
      const chrome = await ctx.loadChrome();
      await limits.takeForIp(request.ip, now, chrome.settings);
      const flaggerKey = (await authorKeyOf(request)) ?? `ip:${keyedHash(secret, request.ip)}`;
      await flagComment(db, chrome.settings, { commentId: row.id, flaggerKey, now });
      const page = (
        <CommentPage chrome={chrome} title={chrome.t("comments.page.reported")} path={`/${article.slug}/`}>
          <p>{chrome.t("comments.page.reportedText")}</p>
          <p>
            <a href={`/${article.slug}/#comments`}>{chrome.t("comments.page.backToComments")}</a>
          </p>
        </CommentPage>
      );
      return sendUncached(reply, renderDocument(page));
    },
  );

  // One click in the e-mail unsubscribes (GET); POST serves mail programs' one-click unsubscribe.
  for (const method of ["GET", "POST"] as const) {
    app.route({
      method,
      url: "/comments/:id/unsubscribe/:signature",
      schema: { params: UnsubscribeParams },
      bodyLimit: 1024,
      handler: async (request, reply) => {
        const id = Number(request.params.id);
        if (!isValidUnsubscribe(secret, id, request.params.signature)) throw notFound();
        await unsubscribeReplies(db, id);
        const chrome = await ctx.loadChrome();
        const page = (
          <CommentPage chrome={chrome} title={chrome.t("comments.page.unsubscribed")} path="/">
            <p>{chrome.t("comments.page.unsubscribedText")}</p>
          </CommentPage>
        );
        return sendUncached(reply, renderDocument(page));
      },
    });
  }
}
