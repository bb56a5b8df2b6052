import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { notFound } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { sendCsv } from "../../http/csv.js";
import { type FormProblem, submitForm, type TypedValues } from "../../http/forms.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { listCategories } from "../taxonomy/taxonomy.repository.js";
import { articleMailRoutes } from "./article-mail.routes.js";
import { listSuppressions, newsletterOverview, sendArticleNow } from "./newsletter.admin.service.js";
import { NewsletterInputSchema, SECTIONS_FIELD } from "./newsletter.js";
import { findNewsletter } from "./newsletter.repository.js";
import { defineNewsletter } from "./newsletter.service.js";
import {
  CONSENT_FIELD,
  CSV_FIELD,
  type ImportReport,
  importSubscribers,
  SUBSCRIBER_CSV_HEADER,
  subscriberRows,
} from "./subscriber-import.js";
import {
  emptyNewsletterForm,
  type NewsletterFormValues,
  NewslettersAdminPage,
  SuppressionsPage,
} from "./views/admin-pages.js";
import { SubscriberImportPage } from "./views/subscriber-import-page.js";

const { sectionIds: _sections, sendWeekday: _weekday, ...fields } = NewsletterInputSchema.properties;
const SectionId = Type.String({ pattern: "^[1-9][0-9]{0,9}$" });
const NewsletterBody = Type.Object({
  ...CsrfField,
  ...fields,
  sendWeekday: Type.String({ pattern: "^[0-6]$" }),
  /** The sections (categories) whose stories feed the newsletter; none ticked: every section. */
  [SECTIONS_FIELD]: Type.Optional(Type.Union([SectionId, Type.Array(SectionId, { maxItems: 100 })])),
});
/** A pasted file of tens of thousands of addresses is larger than the default form limit. */
const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;
const ImportBody = Type.Object({
  ...CsrfField,
  [CSV_FIELD]: Type.String({ minLength: 1, maxLength: IMPORT_BODY_LIMIT }),
  [CONSENT_FIELD]: Type.Optional(Type.Literal("yes")),
  intent: Type.Union([Type.Literal("dry-run"), Type.Literal("import")]),
});
const chosenSections = (body: unknown) =>
  [(body as Record<string, string | string[] | undefined> | undefined)?.[SECTIONS_FIELD] ?? []]
    .flat()
    .map(Number);
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
          sections={await listCategories(db)}
          chosenSections={problem ? chosenSections(request.body) : []}
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
              {
                ...request.body,
                sendWeekday: Number(request.body.sendWeekday),
                sectionIds: chosenSections(request.body),
              },
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
        await sendArticleNow(ctx.storage, {
          newsletterId: request.params.id,
          slug: request.body.slug.trim(),
          siteUrl: ctx.config.siteUrl,
          siteTitle: settings.title,
          now: ctx.clock(),
        });
        return reply.redirect("/admin/newsletters/?notice=saved", 303);
      },
    );

    async function showImport(
      request: FastifyRequest<{ Params: { id: number } }>,
      reply: FastifyReply,
      form: { csv: string; consent: boolean; report?: ImportReport; problem?: FormProblem },
    ) {
      const newsletter = await findNewsletter(db, request.params.id);
      if (!newsletter) throw notFound("Newsletter");
      const page = (
        <SubscriberImportPage view={await adminView(ctx, request, reply)} newsletter={newsletter} {...form} />
      );
      return sendAdminPage(reply, page, form.problem?.status);
    }

    scope.get("/newsletters/:id/import", { schema: { params: IdParams } }, (request, reply) =>
      showImport(request, reply, { csv: "", consent: false }),
    );

    scope.post(
      "/newsletters/:id/import",
      {
        schema: { params: IdParams, body: ImportBody },
        attachValidation: true,
        bodyLimit: IMPORT_BODY_LIMIT,
      },
      async (request, reply) =>
        submitForm(request, {
          run: () =>
            importSubscribers(db, {
              newsletterId: request.params.id,
              csv: request.body[CSV_FIELD],
              consent: request.body[CONSENT_FIELD] === "yes",
              dryRun: request.body.intent === "dry-run",
              now: ctx.clock(),
            }),
          // After a dry run the file stays, ready to import; after an import the form is empty again.
          done: (report) =>
            showImport(request, reply, {
              csv: report.dryRun ? request.body[CSV_FIELD] : "",
              consent: report.dryRun && request.body[CONSENT_FIELD] === "yes",
              report,
            }),
          show: (problem, typed) =>
            showImport(request, reply, {
              csv: typed[CSV_FIELD] ?? "",
              consent: typed[CONSENT_FIELD] === "yes",
              problem,
            }),
        }),
    );

    scope.get(
      "/newsletters/:id/subscribers.csv",
      { schema: { params: IdParams } },
      async (request, reply) => {
        const newsletter = await findNewsletter(db, request.params.id);
        if (!newsletter) throw notFound("Newsletter");
        return sendCsv(
          reply,
          `${newsletter.slug}-subscribers.csv`,
          SUBSCRIBER_CSV_HEADER,
          subscriberRows(db, newsletter.id),
        );
      },
    );

    await articleMailRoutes(scope, ctx);

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
