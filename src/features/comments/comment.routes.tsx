import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError, notFound } from "../../core/errors.js";
import { isSlug } from "../../core/slug.js";
import type { AppContext } from "../../http/context.js";
import { PAGE_HOLE } from "../../http/page-cache.js";
import { sendPage } from "../../http/page-response.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import { h, renderDocument, trustedHtml } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import { EMAIL_PATTERN } from "../accounts/user.js";
import { findCommentableArticle } from "../articles/article.queries.js";
import { findArticleTitles } from "../articles/article.repository.js";
import { currentReader } from "../readers/reader-session.js";
import { getSiteSecret } from "../settings/settings.js";
import { keyedHash } from "../votes/network.js";
import { ArticleComments, type CommentableArticle, issueGuestKey, readGuestKey } from "./article-comments.js";
import type { CommentOrder } from "./comment.js";
import { THREADS_PER_PAGE } from "./comment.js";
import { countThreadsBefore, findComment, toPublicComment } from "./comment.repository.js";
import {
  assertMayComment,
  type Commenter,
  checkCommentText,
  editComment,
  findOwnEditable,
  flagComment,
  isValidUnsubscribe,
  notifyReplies,
  postComment,
  unsubscribeReplies,
} from "./comment.service.js";
import { commentHtml } from "./comment.text.js";
import { checkStamp } from "./form-stamp.js";
import { PostedComment } from "./views/comment-form.js";
import { CommentPage, EditForm, QuotedComment, ReportForm } from "./views/comment-pages.js";
import { commentsPath } from "./views/comment-thread.js";

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const IdParams = Type.Object({ id: Type.String({ pattern: "^[1-9][0-9]{0,9}$" }) });
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
type PostRequest = FastifyRequest<{ Params: Static<typeof SlugParams>; Body: Static<typeof PostBody> }>;

const isEmail = (text: string) => new RegExp(EMAIL_PATTERN).test(text);
const tooFast = () =>
  new AppError("TOO_MANY_COMMENTS", 429, "You are commenting too fast. Wait a minute and try again.");
const caughtByTrap = () => new AppError("SPAM_TRAP", 400, "Your comment could not be posted.");
const stampProblem = (check: "too-fast" | "invalid") =>
  new AppError(
    "FORM_TOO_FAST",
    400,
    check === "too-fast"
      ? "That was quick! Check your comment, then post it again."
      : "This form is out of date. Post your comment again.",
  );
const wantsJson = (request: FastifyRequest) => (request.headers.accept ?? "").includes("application/json");

/**
 * Reader comments: posting (form and fetch), the paged thread pages, replies, edits within the
 * window, reports and reply-notification unsubscribes. Returns the article part for the article page.
 */
export async function commentRoutes(app: FastifyInstance, ctx: AppContext): Promise<ArticleComments> {
  const { db } = ctx.storage;
  const secret = await getSiteSecret(db);
  const comments = new ArticleComments(ctx, secret);

  async function articleAt(slug: string): Promise<CommentableArticle & { title: string }> {
    const article = isSlug(slug) ? await findCommentableArticle(db, slug, ctx.clock()) : undefined;
    if (!article) throw notFound("Article");
    return article;
  }

  function sendUncached(reply: FastifyReply, body: string, status = 200) {
    return reply.code(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
  }

  /** The comment and its article, for the pages about one comment; only public (or the commenter's own) ones. */
  async function commentAndArticle(id: string) {
    const row = await findComment(db, Number(id));
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

  async function post(
    request: PostRequest,
    reply: FastifyReply,
    article: CommentableArticle,
    chrome: SiteChrome,
  ) {
    const { body } = request;
    const now = ctx.clock();
    const reader = await currentReader(db, request, now);
    assertMayComment(chrome.settings, article, { kind: reader ? "reader" : "guest" });
    if (body.website) throw caughtByTrap();
    const stamp = checkStamp(secret, body.stamp, now);
    if (stamp !== "ok") throw stampProblem(stamp);
    let commenter: Commenter;
    if (reader) commenter = { kind: "reader", reader };
    else {
      const email = (body.email ?? "").trim();
      if (chrome.settings.commentsOpenTo === "anyone" && !isEmail(email))
        throw new AppError("BAD_EMAIL", 400, "Give a valid e-mail address (it is never shown).");
      const key = readGuestKey(request) ?? issueGuestKey(reply, ctx.config.secureCookies);
      commenter = { kind: "guest", key, name: body.name ?? "", email };
    }
    const { settings } = chrome;
    const commenterKey = commenter.kind === "reader" ? `reader:${commenter.reader.id}` : commenter.key;
    const allowed = await ctx.limiter.allow(now, [
      { key: `comment-ip:${request.ip}`, perMinute: settings.commentLimitPerMinutePerIp },
      { key: `comment-author:${commenterKey}`, perMinute: settings.commentLimitPerMinutePerReader },
    ]);
    if (!allowed) throw tooFast();
    const posted = await postComment(db, settings, {
      article,
      parentId: body.parent_id ? Number(body.parent_id) : null,
      text: body.body,
      notifyReplies: body.notify === "1",
      commenter,
      ipHash: keyedHash(secret, request.ip),
      now,
    });
    if (posted.status === "approved") await tellParentAuthor(request, [posted.id], chrome);
    return posted;
  }

  /** Reply e-mails go after the comment is stored; a mail server failure must not lose the comment. */
  async function tellParentAuthor(request: FastifyRequest, ids: number[], chrome: SiteChrome) {
    try {
      await notifyReplies(db, ctx.mailer, ids, {
        url: ctx.config.siteUrl,
        title: chrome.settings.title,
        secret,
      });
    } catch (error) {
      request.log.error({ err: error }, "reply notification failed");
    }
  }

  app.post<{ Params: Static<typeof SlugParams>; Body: Static<typeof PostBody> }>(
    "/:slug/comments",
    { schema: { params: SlugParams, body: PostBody } },
    async (request, reply) => {
      assertSameOrigin(request);
      const article = await articleAt(request.params.slug);
      const chrome = await ctx.loadChrome();
      try {
        const posted = await post(request, reply, article, chrome);
        const location = await locationOf(article, posted);
        if (!wantsJson(request)) return reply.redirect(location, 303);
        const row = await findComment(db, posted.id);
        if (!row) throw notFound("Comment");
        const dates = { language: chrome.settings.language, timeZone: chrome.settings.timeZone };
        const html = (<PostedComment comment={toPublicComment(row)} dates={dates} editable={true} />).value;
        return reply
          .header("cache-control", "no-store")
          .send({ id: posted.id, status: posted.status, location, html });
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        if (wantsJson(request)) {
          return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
        }
        // Nothing the reader typed is lost: the form comes back filled in, with what went wrong.
        const { body } = request;
        const draft = {
          body: body.body,
          name: body.name,
          email: body.email,
          notify: body.notify === "1",
          parentId: body.parent_id ? Number(body.parent_id) : undefined,
        };
        const form = await comments.formFor(request, article, { draft, error: error.message });
        const page = (
          <CommentPage chrome={chrome} title="Your comment was not posted" path={`/${article.slug}/`}>
            <p>
              On <a href={`/${article.slug}/`}>{article.title}</a>
            </p>
            {trustedHtml(form)}
          </CommentPage>
        );
        return sendUncached(reply, renderDocument(page), error.status);
      }
    },
  );

  // Later pages of a long thread, and newest-first, as shared cached pages with the live form part.
  app.get<{ Params: Static<typeof SlugParams>; Querystring: Static<typeof ThreadQuery> }>(
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

  app.get<{ Params: Static<typeof IdParams> }>(
    "/comments/:id/reply",
    { schema: { params: IdParams } },
    async (request, reply) => {
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
    },
  );

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
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

  app.get<{ Params: Static<typeof IdParams> }>(
    "/comments/:id/edit",
    { schema: { params: IdParams } },
    (request, reply) => editPage(request, reply, request.params.id),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof EditBody> }>(
    "/comments/:id/edit",
    { schema: { params: IdParams, body: EditBody } },
    async (request, reply) => {
      assertSameOrigin(request);
      const { row, article } = await commentAndArticle(request.params.id);
      const own = await findOwnEditable(db, row.id, (await authorKeyOf(request)) ?? "", ctx.clock());
      const { settings } = await ctx.loadChrome();
      let status: string;
      try {
        status = await editComment(db, settings, {
          row: own,
          text: request.body.body,
          now: ctx.clock(),
          byStaff: false,
        });
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        if (wantsJson(request))
          return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
        return editPage(request, reply, request.params.id, request.body.body, error.message, error.status);
      }
      if (wantsJson(request)) {
        const html = commentHtml(checkCommentText(request.body.body));
        return reply.header("cache-control", "no-store").send({ id: row.id, status, html });
      }
      return reply.redirect(`/${article.slug}/#comment-${row.id}`, 303);
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    "/comments/:id/report",
    { schema: { params: IdParams } },
    async (request, reply) => {
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
    },
  );

  app.post<{ Params: Static<typeof IdParams> }>(
    "/comments/:id/report",
    { schema: { params: IdParams }, bodyLimit: 1024 },
    async (request, reply) => {
      assertSameOrigin(request);
      const { row, article } = await commentAndArticle(request.params.id);
      const now = ctx.clock();
      const chrome = await ctx.loadChrome();
      const perMinute = chrome.settings.commentLimitPerMinutePerIp;
      if (!(await ctx.limiter.allow(now, [{ key: `comment-ip:${request.ip}`, perMinute }]))) throw tooFast();
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
    app.route<{ Params: Static<typeof UnsubscribeParams> }>({
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
