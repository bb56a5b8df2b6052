import { Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../http/context.js";
import { type FormProblem, submitForm } from "../../http/forms.js";
import { CsrfField, CsrfOnlyBody, IdParams, PageQuery, pageNumber, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import {
  listRedirects,
  type RedirectInput,
  redirectForMiss,
  removeRedirect,
  saveRedirect,
} from "./redirect.service.js";
import { EMPTY_REDIRECT, REDIRECT_FIELDS, RedirectsPage } from "./views/redirects-page.js";

const PER_PAGE = 100;
const ListQuery = Type.Object({ ...PageQuery.properties, q: Type.Optional(Type.String({ maxLength: 200 })) });
// Lengths are checked loosely here so that the service can explain a bad address beside its field.
const RedirectBody = Type.Object({
  fromPath: Type.String({ maxLength: 2000 }),
  toUrl: Type.String({ maxLength: 2000 }),
  ...CsrfField,
});

// WordPress's query-string permalinks (`/?p=12`): the home page route would answer them with the
// latest articles, so they are looked up before routing — only these, so `/?page=2` costs nothing.
const OLD_QUERY_PERMALINK = /^\/\?(?:p|page_id|attachment_id|cat|tag|author|feed)=/;

/** Answers a miss with a stored redirect when one matches (see registerErrorPages). */
export const redirectLookup = (ctx: AppContext) => (url: string) => redirectForMiss(ctx.storage.db, url);

const QUESTION_MARK = 63;

/**
 * Query-string permalinks of the old site, answered before the home page route sees them. A callback
 * hook that looks at one character for every other URL: an async hook on every request cost the cached
 * article page about a tenth of its throughput.
 */
export async function oldQueryPermalinks(app: Router, ctx: AppContext): Promise<void> {
  app.addHook("onRequest", (request, reply, done) => {
    if (request.url.charCodeAt(1) !== QUESTION_MARK || !OLD_QUERY_PERMALINK.test(request.url)) return done();
    if (request.method !== "GET" && request.method !== "HEAD") return done();
    redirectForMiss(ctx.storage.db, request.url).then(
      (target) => (target ? reply.redirect(target, 301) : done()),
      (error: Error) => done(error),
    );
  });
}

/** Settings → Redirects, for administrators (who manage settings). */
export async function redirectAdminRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { query?: { q?: string; page?: string }; values?: RedirectInput; problem?: FormProblem } = {},
  ) {
    const fromContains = form.query?.q ?? "";
    const page = pageNumber(form.query ?? {});
    const list = await listRedirects(db, { fromContains, page, perPage: PER_PAGE });
    const view = await adminView(ctx, request, reply);
    const body = (
      <RedirectsPage
        view={view}
        list={{ ...list, fromContains }}
        values={form.values ?? EMPTY_REDIRECT}
        problem={form.problem}
      />
    );
    return sendAdminPage(reply, body, form.problem?.status);
  }

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "settings.manage" });
    });

    scope.get("/settings/redirects/", { schema: { querystring: ListQuery } }, (request, reply) =>
      showList(request, reply, { query: request.query }),
    );

    scope.post(
      "/settings/redirects/",
      { schema: { body: RedirectBody }, attachValidation: true },
      (request, reply) =>
        submitForm(request, {
          rules: REDIRECT_FIELDS,
          run: () => saveRedirect(db, request.body, ctx.clock()),
          done: () => reply.redirect("/admin/settings/redirects/?notice=saved", 303),
          show: (problem, typed) =>
            showList(request, reply, {
              values: { fromPath: typed.fromPath ?? "", toUrl: typed.toUrl ?? "" },
              problem,
            }),
        }),
    );

    scope.post(
      "/settings/redirects/:id/delete",
      { schema: { params: IdParams, body: CsrfOnlyBody } },
      async (request, reply) => {
        await removeRedirect(db, request.params.id);
        return reply.redirect("/admin/settings/redirects/?notice=deleted", 303);
      },
    );
  });
}
