import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../http/context.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { can } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import type { AdminView } from "../admin/views/admin-layout.js";
import type { Article } from "../articles/article.js";
import {
  articleMailMode,
  chooseArticleMailMode,
  previewArticleMail,
  sendEmailOnlyStory,
  sendTestArticleMail,
} from "./article-mail.js";
import { listNewsletters } from "./newsletter.repository.js";
import { ArticleMailPanel } from "./views/article-mail-panel.js";

const NewsletterId = Type.String({ pattern: "^[1-9][0-9]{0,9}$" });
const ModeBody = Type.Object({
  ...CsrfField,
  mode: Type.Union([Type.Literal("site"), Type.Literal("site-and-email"), Type.Literal("email")]),
});
const NewsletterBody = Type.Object({ ...CsrfField, newsletter: NewsletterId });
const PreviewQuery = Type.Object({ newsletter: NewsletterId });
/** The preview is the e-mail itself: its inline styles are allowed, and nothing else (no script, no frames). */
const PREVIEW_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; frame-ancestors 'none'";

/** The e-mail panel the article editor shows for a saved story, to staff who manage newsletters. */
export function articleMailPanel(ctx: AppContext) {
  return async (request: FastifyRequest, article: Article, view: AdminView) => {
    if (!can(currentStaff(request).role, { kind: "newsletters.manage" })) return null;
    const { db } = ctx.storage;
    return (
      <ArticleMailPanel
        view={view}
        articleId={article.id}
        published={article.status !== "draft"}
        mode={await articleMailMode(db, article.id)}
        newsletters={await listNewsletters(db)}
      />
    );
  };
}

/** The panel's routes, inside the newsletters staff scope (editors and up). */
export async function articleMailRoutes(scope: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const backToEditor = (id: number) => `/admin/articles/${id}/`;
  const mailRequest = async (articleId: number, newsletterId: string) => {
    const { settings } = await ctx.loadChrome();
    return {
      articleId,
      newsletterId: Number(newsletterId),
      siteUrl: ctx.config.siteUrl,
      siteTitle: settings.title,
      now: ctx.clock(),
    };
  };

  scope.post(
    "/newsletters/articles/:id/mode",
    { schema: { params: IdParams, body: ModeBody } },
    async (request, reply) => {
      await chooseArticleMailMode(db, request.params.id, request.body.mode, ctx.clock());
      return reply.redirect(backToEditor(request.params.id), 303);
    },
  );

  scope.get(
    "/newsletters/articles/:id/preview",
    { schema: { params: IdParams, querystring: PreviewQuery } },
    async (request, reply) => {
      const mail = await previewArticleMail(
        db,
        await mailRequest(request.params.id, request.query.newsletter),
      );
      return reply
        .header("content-security-policy", PREVIEW_CSP)
        .type("text/html; charset=utf-8")
        .send(mail.html);
    },
  );

  scope.post(
    "/newsletters/articles/:id/test",
    { schema: { params: IdParams, body: NewsletterBody } },
    async (request, reply) => {
      await sendTestArticleMail(db, ctx.mailer, {
        ...(await mailRequest(request.params.id, request.body.newsletter)),
        to: currentStaff(request).email,
      });
      return reply.redirect(backToEditor(request.params.id), 303);
    },
  );

  scope.post(
    "/newsletters/articles/:id/send",
    { schema: { params: IdParams, body: NewsletterBody } },
    async (request, reply) => {
      await sendEmailOnlyStory(ctx.storage, await mailRequest(request.params.id, request.body.newsletter));
      return reply.redirect(backToEditor(request.params.id), 303);
    },
  );
}
