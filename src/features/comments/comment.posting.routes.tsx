import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../core/errors.js";
import { keyedHash } from "../../core/tokens.js";
import type { AppContext } from "../../http/context.js";
import { type FormProblem, submitForm } from "../../http/forms.js";
import { assertSameOrigin } from "../../http/same-origin.js";
import { IdParams, type Router, SlugParams } from "../../http/schemas.js";
import { wantsJson } from "../../http/wants-json.js";
import { h, renderDocument, trustedHtml } from "../../views/jsx.js";
import { currentReader } from "../readers/reader-session.js";
import { type CommentableArticle, issueGuestKey, readGuestKey } from "./article-comments.js";
import { THREADS_PER_PAGE } from "./comment.js";
import { type ReplyMail, submitComment } from "./comment.posting.js";
import { countThreadsBefore, findComment, toPublicComment } from "./comment.repository.js";
import type { CommentRouteKit } from "./comment.route-kit.js";
import { checkCommentText, editComment, findOwnEditable } from "./comment.service.js";
import { commentHtml } from "./comment.text.js";
import { PostedComment } from "./views/comment-form.js";
import { CommentPage, EditForm } from "./views/comment-pages.js";
import { commentsPath } from "./views/comment-thread.js";

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
/** Posting a comment (form and fetch) and editing one's own within the window. */
export async function commentPostingRoutes(
  app: Router,
  ctx: AppContext,
  kit: CommentRouteKit,
): Promise<void> {
  const { db } = ctx.storage;
  const { secret, comments, limits, articleAt, commentAndArticle, authorKeyOf, sendUncached } = kit;

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
          const html = (<PostedComment comment={toPublicComment(row)} i18n={chrome.i18n} editable={true} />)
            .value;
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
          const form = await comments.formFor(request, article, { draft, error: chrome.i18n.say(problem) });
          const page = (
            <CommentPage
              chrome={chrome}
              title={chrome.t("comments.page.notPosted")}
              path={`/${article.slug}/`}
            >
              <p>
                {chrome.i18n.rich("comments.page.on", {
                  title: <a href={`/${article.slug}/`}>{article.title}</a>,
                })}
              </p>
              {trustedHtml(form)}
            </CommentPage>
          );
          return sendUncached(reply, renderDocument(page), problem.status);
        },
      });
    },
  );

  async function editPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    body?: string,
    problem?: FormProblem,
  ) {
    const { row, article } = await commentAndArticle(id);
    const key = await authorKeyOf(request);
    const own = await findOwnEditable(db, row.id, key ?? "", ctx.clock());
    const chrome = await ctx.loadChrome();
    const page = (
      <CommentPage chrome={chrome} title={chrome.t("comments.page.edit")} path={`/${article.slug}/`}>
        <p>
          {chrome.i18n.rich("comments.page.on", {
            title: <a href={`/${article.slug}/#comment-${row.id}`}>{article.title}</a>,
          })}
        </p>
        <EditForm
          i18n={chrome.i18n}
          action={`/comments/${row.id}/edit`}
          body={body ?? own.body}
          error={problem && chrome.i18n.say(problem)}
        />
      </CommentPage>
    );
    return sendUncached(reply, renderDocument(page), problem?.status ?? 200);
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
        show: (problem, typed) => editPage(request, reply, row.id, typed.body, problem),
      });
    },
  );
}
