import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { PageQuery, pageNumber } from "../../http/page-response.js";
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
import { EMPTY_REDIRECT, RedirectsPage } from "./views/redirects-page.js";

const PER_PAGE = 100;
const Csrf = { _csrf: Type.Optional(Type.String({ maxLength: 200 })) };
const ListQuery = Type.Object({ ...PageQuery.properties, q: Type.Optional(Type.String({ maxLength: 200 })) });
// Lengths are checked loosely here so that the service can explain a bad address on the form itself.
const RedirectBody = Type.Object({
  fromPath: Type.String({ maxLength: 2000 }),
  toUrl: Type.String({ maxLength: 2000 }),
  ...Csrf,
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

// WordPress's query-string permalinks (`/?p=12`): the home page route would answer them with the
// latest articles, so they are looked up before routing — only these, so `/?page=2` costs nothing.
const OLD_QUERY_PERMALINK = /^\/\?(?:p|page_id|attachment_id|cat|tag|author|feed)=/;

/** Answers a miss with a stored redirect when one matches (see registerErrorPages). */
export const redirectLookup = (ctx: AppContext) => (url: string) => redirectForMiss(ctx.storage.db, url);

/** Query-string permalinks of the old site, answered before the home page route sees them. */
export async function oldQueryPermalinks(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.addHook("onRequest", async (request, reply) => {
    if (request.method !== "GET" && request.method !== "HEAD") return;
    if (!OLD_QUERY_PERMALINK.test(request.url)) return;
    const target = await redirectForMiss(ctx.storage.db, request.url);
    if (target) return reply.redirect(target, 301);
  });
}

/** Settings → Redirects, for administrators (who manage settings). */
export async function redirectAdminRoutes(admin: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function showList(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { query?: Static<typeof ListQuery>; values?: RedirectInput; error?: AppError } = {},
  ) {
    const fromContains = form.query?.q ?? "";
    const list = await listRedirects(db, {
      fromContains,
      page: pageNumber(form.query ?? {}),
      perPage: PER_PAGE,
    });
    const view = await adminView(ctx, request, reply);
    const body = (
      <RedirectsPage
        view={view}
        list={{ ...list, fromContains }}
        values={form.values ?? EMPTY_REDIRECT}
        error={form.error?.message}
      />
    );
    return sendAdminPage(reply, body, form.error?.status);
  }

  await admin.register(async (scope) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "settings.manage" });
    });

    scope.get<{ Querystring: Static<typeof ListQuery> }>(
      "/settings/redirects/",
      { schema: { querystring: ListQuery } },
      (request, reply) => showList(request, reply, { query: request.query }),
    );

    scope.post<{ Body: Static<typeof RedirectBody> }>(
      "/settings/redirects/",
      { schema: { body: RedirectBody } },
      async (request, reply) => {
        const { fromPath, toUrl } = request.body;
        try {
          await saveRedirect(db, { fromPath, toUrl }, ctx.clock());
        } catch (error) {
          if (error instanceof AppError && error.status === 400)
            return showList(request, reply, { values: { fromPath, toUrl }, error });
          throw error;
        }
        return reply.redirect("/admin/settings/redirects/?notice=saved", 303);
      },
    );

    scope.post<{ Params: Static<typeof IdParams> }>(
      "/settings/redirects/:id/delete",
      { schema: { params: IdParams, body: Type.Object(Csrf) } },
      async (request, reply) => {
        await removeRedirect(db, request.params.id);
        return reply.redirect("/admin/settings/redirects/?notice=deleted", 303);
      },
    );
  });
}
