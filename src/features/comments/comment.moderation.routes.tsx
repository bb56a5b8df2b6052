import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError, notFound } from "../../core/errors.js";
import { pageOf } from "../../core/paging.js";
import type { AppContext } from "../../http/context.js";
import { submitForm } from "../../http/forms.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { EMAIL_PATTERN } from "../accounts/user.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { findArticleTitles } from "../articles/article.repository.js";
import { getSiteSecret } from "../settings/settings.js";
import { addBan, findComment, listQueue, type QueueView } from "./comment.repository.js";
import { banCommenter, editComment, moderateComments, notifyReplies } from "./comment.service.js";
import { ModerationPage, StaffEditPage } from "./views/moderation-page.js";

const QUEUE_SIZE = 200;
const Queue = Type.Union([
  Type.Literal("pending"),
  Type.Literal("reported"),
  Type.Literal("spam"),
  Type.Literal("approved"),
]);
const QueueQuery = Type.Object({
  queue: Type.Optional(Queue),
  notice: Type.Optional(Type.String({ maxLength: 40 })),
});
const Id = Type.String({ pattern: "^[1-9][0-9]{0,9}$" });
// Fastify's Ajv turns a single checkbox value into a one-item array.
const ModerateBody = Type.Object({
  ...CsrfField,
  queue: Type.Optional(Queue),
  id: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  action: Type.Union([Type.Literal("approve"), Type.Literal("spam"), Type.Literal("remove")]),
});
const EditBody = Type.Object({ ...CsrfField, body: Type.String({ maxLength: 50_000 }) });
const BanBody = Type.Object({ ...CsrfField }, { additionalProperties: true });
const BanEmailBody = Type.Object({
  ...CsrfField,
  email: Type.String({ maxLength: 320, pattern: EMAIL_PATTERN }),
});

/** The moderation queue for editors and up: approve, mark spam, remove (one or many), ban, edit. */
export async function commentModerationRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const secret = await getSiteSecret(db);

  async function showQueue(request: FastifyRequest, reply: FastifyReply, queue: QueueView) {
    const { items: comments, hasNext: truncated } = pageOf(
      await listQueue(db, queue, QUEUE_SIZE + 1),
      QUEUE_SIZE,
    );
    const [articles, chrome, view] = await Promise.all([
      findArticleTitles(db, [...new Set(comments.map((comment) => comment.article_id))]),
      ctx.loadChrome(),
      adminView(ctx, request, reply),
    ]);
    const page = (
      <ModerationPage
        truncated={truncated}
        view={view}
        queue={queue}
        comments={comments}
        articles={articles}
        timeZone={chrome.settings.timeZone}
      />
    );
    return sendAdminPage(reply, page);
  }

  async function commentOr404(id: number) {
    const comment = await findComment(db, id);
    if (!comment) throw notFound("Comment");
    return comment;
  }

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "reader-content.moderate" });
    });

    scope.get("/comments/", { schema: { querystring: QueueQuery } }, (request, reply) =>
      showQueue(request, reply, request.query.queue ?? "pending"),
    );

    scope.post("/comments/moderate", { schema: { body: ModerateBody } }, async (request, reply) => {
      const ids = (request.body.id ?? []).map(Number);
      if (ids.length === 0) throw new AppError("NOTHING_SELECTED", 400, "Select at least one comment.");
      const approved = await moderateComments(db, ids, request.body.action);
      if (approved.length > 0) {
        const { settings } = await ctx.loadChrome();
        try {
          await notifyReplies(db, ctx.mailer, approved, {
            url: ctx.config.siteUrl,
            title: settings.title,
            secret,
          });
        } catch (error) {
          request.log.error({ err: error }, "reply notification failed");
        }
      }
      return reply.redirect(`/admin/comments/?queue=${request.body.queue ?? "pending"}&notice=saved`, 303);
    });

    // Bans the commenter's address and account; their comments waiting in the queue go to spam.
    scope.post(
      "/comments/:id/ban",
      { schema: { params: IdParams, body: BanBody } },
      async (request, reply) => {
        await banCommenter(db, await commentOr404(request.params.id), ctx.clock());
        return reply.redirect("/admin/comments/?notice=saved", 303);
      },
    );

    // Bans an address before (or without) any comment from it.
    scope.post("/comments/bans", { schema: { body: BanEmailBody } }, async (request, reply) => {
      await addBan(db, `email:${request.body.email.trim().toLowerCase()}`, ctx.clock());
      return reply.redirect("/admin/comments/?notice=saved", 303);
    });

    scope.get("/comments/:id/edit", { schema: { params: IdParams } }, async (request, reply) =>
      sendAdminPage(
        reply,
        <StaffEditPage
          view={await adminView(ctx, request, reply)}
          comment={await commentOr404(request.params.id)}
        />,
      ),
    );

    scope.post(
      "/comments/:id/edit",
      { schema: { params: IdParams, body: EditBody }, attachValidation: true },
      async (request, reply) => {
        const comment = await commentOr404(request.params.id);
        const { settings } = await ctx.loadChrome();
        return submitForm(request, {
          keepsInput: () => true,
          run: () =>
            editComment(db, settings, {
              row: comment,
              text: request.body.body,
              now: ctx.clock(),
              byStaff: true,
            }),
          done: () => reply.redirect(`/admin/comments/${comment.id}/edit?notice=saved`, 303),
          show: async (problem, typed) => {
            const view = await adminView(ctx, request, reply);
            const edited = { ...comment, body: typed.body ?? "" };
            return sendAdminPage(
              reply,
              <StaffEditPage view={view} comment={edited} error={problem.message} />,
              problem.status,
            );
          },
        });
      },
    );
  });
}
