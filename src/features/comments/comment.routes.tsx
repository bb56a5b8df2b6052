import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../core/errors.js";
import { isSlug } from "../../core/slug.js";
import type { AppContext } from "../../http/context.js";
import { submitForm } from "../../http/forms.js";
import { PAGE_HOLE } from "../../http/page-cache.js";
import { sendPage } from "../../http/page-response.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import { IdParams, type Router, SlugParams } from "../../http/schemas.js";
import { wantsJson } from "../../http/wants-json.js";
import { h, renderDocument, trustedHtml } from "../../views/jsx.js";
import { findCommentableArticle } from "../articles/article.queries.js";
import { findArticleTitles } from "../articles/article.repository.js";
import { currentReader } from "../readers/reader-session.js";
import { getSiteSecret } from "../settings/settings.js";
import { keyedHash } from "../votes/network.js";
import { ArticleComments, type CommentableArticle, issueGuestKey, readGuestKey } from "./article-comments.js";
import type { CommentOrder } from "./comment.js";
import { THREADS_PER_PAGE } from "./comment.js";
import { CommentLimits, type ReplyMail, submitComment } from "./comment.posting.js";
import { countThreadsBefore, findComment, toPublicComment } from "./comment.repository.js";
import {
  checkCommentText,
  editComment,
  findOwnEditable,
  flagComment,
  isValidUnsubscribe,
  unsubscribeReplies,
} from "./comment.service.js";
import { commentHtml } from "./comment.text.js";
import { PostedComment } from "./views/comment-form.js";
import { CommentPage, EditForm, QuotedComment, ReportForm } from "./views/comment-pages.js";
import { commentsPath } from "./views/comment-thread.js";

const UnsubscribeParams = Type.Object({
  id: Type.String({ pattern: "^[1-9][0-9]{0,9}$" }),
  signature: Type.String({ pattern: "^[\\w-]{32}$" }),
});
const PostBody = Type.Object({
  body: Type.String({ maxLength: 50_000 }),
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  email: Type.Optional(Type.String({ maxLength: 1000 })),
  parent_id: Type.Optional(Type.String({ pattern: "^([1-9][0-9]{0,9})?$" })),
  notify: Type.Optional(Type.Literal("1")),
  website: Type.Optional(Type.String({ maxLength: 1000 })),
  stamp: Type.Optional(Type.String({ maxLength: 100 })),
});
const EditBody = Type.Object({ body: Type.String({ maxLength: 50_000 }) });
const ThreadQuery = Type.Object({
  page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })),
  order: Type.Optional(Type.Union([Type.Literal("oldest"), Type.Literal("newest")])),
});

/**
 * Reader comments: posting (form and fetch), the paged thread pages, replies, edits within the
 * window, reports and reply-notification unsubscribes. Returns the article part for the article page.
 */
export async function commentRoutes(app: Router, ctx: AppContext): Promise<ArticleComments> {
  const { db } = ctx.storage;
  const secret = await getSiteSecret(db);
  const comments = new ArticleComments(ctx, secret);
  const limits = new CommentLimits();

  async function articleAt(slug: string): Promise<CommentableArticle & { title: string }> {
    const article = isSlug(slug) ? await findCommentableArticle(db, slug, ctx.clock()) : undefined;
    if (!article) throw notFound("Article");
    return article;
  }

  function sendUncached(reply: FastifyReply, body: string, status = 200) {
    return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
  }

  /** The comment and its article, for the pages about one comment; only public (or the commenter's own) ones. */
  async function commentAndArticle(id: number) {
    const row = await findComment(db, id);
    const article = row && (await findArticleTitles(db, [row.article_id])).get(row.article_id);
    if (!row || !article) throw notFound("Comment");
    return { row, article: await articleAt(article.slug) };
  }

  const authorKeyOf = async (request: FastifyRequest) => {
    const reader = await currentReader(db, request, ctx.clock());
    return reader ? `reader:${reader.id}` : readGuestKey(request);
  };

  /** Where a posted comment can be seen: its thread's page, or the article (held ones show in the form part). */
  async function locationOf(
    article: CommentableArticle,
    posted: { id: number; status: string; threadId: number },
  ) {
    if (posted.status !== "approved") return `/${article.slug}/#comment-${posted.id}`;
    const before = await countThreadsBefore(db, article.id, posted.threadId, "oldest");
    const page = Math.floor(before / THREADS_PER_PAGE) + 1;
    return `${commentsPath(article.slug, page, "oldest").replace(/#comments$/, "")}#comment-${posted.id}`;
  }

  /** Reply e-mails go after the comment is stored; a mail server failure must not lose the comment. */
  const replyMail = (request: FastifyRequest, title: string): ReplyMail => ({
    mailer: ctx.mailer,
    site: { url: ctx.config.siteUrl, title, secret },
    onFailure: (error) => request.log.error({ err: error }, "reply notification failed"),
  });

  app.post(
    "/:slug/comments",
    { schema: { params: SlugParams, body: PostBody }, attachValidation: true },
    async (request, reply) => {
      assertSameOrigin(request);
      const article = await articleAt(request.params.slug);
      const chrome = await ctx.loadChrome();
      const { settings } = chrome;
      const { body } = request;
      return submitForm(request, {
        // Nothing the reader typed is lost, whatever stopped the comment (even comments closing meanwhile).
        keepsInput: (error) => error.status < 500,
        run: async () => {
          const now = ctx.clock();
          return submitComment(db, limits, replyMail(request, settings.title), {
            form: body,
            settings,
            secret,
            now,
            reader: (await currentReader(db, request, now)) ?? undefined,
            article,
            parentId: body.parent_id ? Number(body.parent_id) : null,
            text: body.body,
            notifyReplies: body.notify === "1",
            ip: request.ip,
            ipHash: keyedHash(secret, request.ip),
            guestKey: () => readGuestKey(request) ?? issueGuestKey(reply, ctx.config.secureCookies),
          });
        },
        done: async (posted) => {
          const location = await locationOf(article, posted);
          if (!wantsJson(request)) return reply.redirect(location, 303);
          const row = await findComment(db, posted.id);
          if (!row) throw notFound("Comment");
          const dates = { language: settings.language, timeZone: settings.timeZone };
          const html = (<PostedComment comment={toPublicComment(row)} dates={dates} editable={true} />).value;
          return reply
            .header("cache-control", "no-store")
            .send({ id: posted.id, status: posted.status, location, html });
        },
        show: async (problem, typed) => {
          const draft = {
            body: typed.body,
            name: typed.name,
            email: typed.email,
            notify: typed.notify === "1",
            parentId: typed.parent_id ? Number(typed.parent_id) : undefined,
          };
          const form = await comments.formFor(request, article, { draft, error: problem.message });
          const page = (
            <CommentPage chrome={chrome} title="Your comment was not posted" path={`/${article.slug}/`}>
              <p>
                On <a href={`/${article.slug}/`}>{article.title}</a>
              </p>
              {trustedHtml(form)}
            </CommentPage>
          );
          return sendUncached(reply, renderDocument(page), problem.status);
        },
      });
    },
  );

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
            title={`Comments on ${article.title}`}
            path={commentsPath(slug, page, order)}
          >
            <p>
              <a href={`/${slug}/`}>← Back to the article</a>
            </p>
            <section class="comments" id="comments" aria-label="Comments">
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
        title={`Reply to ${row.author_name ?? "deleted reader"}`}
        path={`/${article.slug}/`}
      >
        <p>
          On <a href={`/${article.slug}/#comment-${row.id}`}>{article.title}</a>
        </p>
        <QuotedComment chrome={chrome} comment={toPublicComment(row)} />
        {trustedHtml(form)}
      </CommentPage>
    );
    return sendUncached(reply, renderDocument(page));
  });

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    body?: string,
    error?: string,
    status = 200,
  ) {
    const { row, article } = await commentAndArticle(id);
    const key = await authorKeyOf(request);
    const own = await findOwnEditable(db, row.id, key ?? "", ctx.clock());
    const chrome = await ctx.loadChrome();
    const page = (
      <CommentPage chrome={chrome} title="Edit your comment" path={`/${article.slug}/`}>
        <p>
          On <a href={`/${article.slug}/#comment-${row.id}`}>{article.title}</a>
        </p>
        <EditForm action={`/comments/${row.id}/edit`} body={body ?? own.body} error={error} />
      </CommentPage>
    );
    return sendUncached(reply, renderDocument(page), status);
  }

  app.get("/comments/:id/edit", { schema: { params: IdParams } }, (request, reply) =>
    editPage(request, reply, request.params.id),
  );

  app.post(
    "/comments/:id/edit",
    { schema: { params: IdParams, body: EditBody }, attachValidation: true },
    async (request, reply) => {
      assertSameOrigin(request);
      const { row, article } = await commentAndArticle(request.params.id);
      const { settings } = await ctx.loadChrome();
      return submitForm(request, {
        run: async () => {
          const now = ctx.clock();
          const own = await findOwnEditable(db, row.id, (await authorKeyOf(request)) ?? "", now);
          return editComment(db, settings, { row: own, text: request.body.body, now, byStaff: false });
        },
        done: (status) => {
          if (!wantsJson(request)) return reply.redirect(`/${article.slug}/#comment-${row.id}`, 303);
          const html = commentHtml(checkCommentText(request.body.body));
          return reply.header("cache-control", "no-store").send({ id: row.id, status, html });
        },
        show: (problem, typed) =>
          editPage(request, reply, row.id, typed.body, problem.message, problem.status),
      });
    },
  );

  app.get("/comments/:id/report", { schema: { params: IdParams } }, async (request, reply) => {
    const { row, article } = await commentAndArticle(request.params.id);
    if (row.status !== "approved") throw notFound("Comment");
    const chrome = await ctx.loadChrome();
    const page = (
      <CommentPage chrome={chrome} title="Report a comment" path={`/${article.slug}/`}>
        <QuotedComment chrome={chrome} comment={toPublicComment(row)} />
        <ReportForm commentId={row.id} />
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
      limits.takeForIp(request.ip, now, chrome.settings);
      const flaggerKey = (await authorKeyOf(request)) ?? `ip:${keyedHash(secret, request.ip)}`;
      await flagComment(db, chrome.settings, { commentId: row.id, flaggerKey, now });
      const page = (
        <CommentPage chrome={chrome} title="Thank you" path={`/${article.slug}/`}>
          <p>Our moderators will look at the comment.</p>
          <p>
            <a href={`/${article.slug}/#comments`}>Back to the comments</a>
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
          <CommentPage chrome={chrome} title="Unsubscribed" path="/">
            <p>You will get no more e-mails about replies to this comment.</p>
          </CommentPage>
        );
        return sendUncached(reply, renderDocument(page));
      },
    });
  }

  return comments;
}
