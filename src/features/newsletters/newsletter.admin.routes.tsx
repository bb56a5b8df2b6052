import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../http/context.js";
import { type FormProblem, submitForm, type TypedValues } from "../../http/forms.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { listSuppressions, newsletterOverview, sendArticleNow } from "./newsletter.admin.service.js";
import { NewsletterInputSchema } from "./newsletter.js";
import { defineNewsletter } from "./newsletter.service.js";
import {
  emptyNewsletterForm,
  type NewsletterFormValues,
  NewslettersAdminPage,
  SuppressionsPage,
} from "./views/admin-pages.js";

const { sectionIds: _sections, sendWeekday: _weekday, ...fields } = NewsletterInputSchema.properties;
const NewsletterBody = Type.Object({
  ...CsrfField,
  ...fields,
  sendWeekday: Type.String({ pattern: "^[0-6]$" }),
});
const SendBody = Type.Object({ ...CsrfField, slug: Type.String({ minLength: 1, maxLength: 200 }) });
const SUPPRESSIONS_SHOWN = 500;

const typedForm = (typed: TypedValues): NewsletterFormValues =>
  Object.fromEntries(
    Object.keys(emptyNewsletterForm).map((key) => [key, typed[key] ?? ""]),
  ) as NewsletterFormValues;

/** Staff pages for newsletters (editors and up): subscribers, issues and their figures, sending, suppressions. */
export async function newsletterAdminRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "newsletters.manage" });
    });

    async function showOverview(
      request: FastifyRequest,
      reply: FastifyReply,
      form = emptyNewsletterForm,
      problem?: FormProblem,
    ) {
      const { settings } = await ctx.loadChrome();
      const page = (
        <NewslettersAdminPage
          view={await adminView(ctx, request, reply)}
          overview={await newsletterOverview(db)}
          timeZone={settings.timeZone}
          form={form}
          problem={problem}
        />
      );
      return sendAdminPage(reply, page, problem?.status);
    }

    scope.get("/newsletters/", (request, reply) => showOverview(request, reply));

    scope.post(
      "/newsletters/",
      { schema: { body: NewsletterBody }, attachValidation: true },
      async (request, reply) =>
        submitForm(request, {
          run: () =>
            defineNewsletter(
              db,
              { ...request.body, sendWeekday: Number(request.body.sendWeekday), sectionIds: [] },
              ctx.clock(),
            ),
          done: () => reply.redirect("/admin/newsletters/?notice=saved", 303),
          show: (problem, typed) => showOverview(request, reply, typedForm(typed), problem),
        }),
    );

    scope.post(
      "/newsletters/:id/send",
      { schema: { params: IdParams, body: SendBody } },
      async (request, reply) => {
        const { settings } = await ctx.loadChrome();
        await sendArticleNow(db, {
          newsletterId: request.params.id,
          slug: request.body.slug.trim(),
          siteUrl: ctx.config.siteUrl,
          siteTitle: settings.title,
          now: ctx.clock(),
        });
        return reply.redirect("/admin/newsletters/?notice=saved", 303);
      },
    );

    scope.get("/newsletters/suppressed/", async (request, reply) => {
      const { settings } = await ctx.loadChrome();
      const page = (
        <SuppressionsPage
          view={await adminView(ctx, request, reply)}
          timeZone={settings.timeZone}
          rows={await listSuppressions(db, SUPPRESSIONS_SHOWN)}
        />
      );
      return sendAdminPage(reply, page);
    });
  });
}
