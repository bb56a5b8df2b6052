import type { FastifyRequest } from "fastify";
import type { AppContext } from "../../http/context.js";
import { CsrfOnlyBody, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { can } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { type AdminView, CsrfField } from "../admin/views/admin-layout.js";
import { loadEditableArticle } from "./article.editing.js";
import type { Article } from "./article.js";
import { isPinned, pinArticle, unpinArticle } from "./article.pins.js";

/** The editor's "Front page" panel: pin the story on top of the home page, or unpin it (editors and up). */
export function frontPagePanel(ctx: AppContext) {
  return async (request: FastifyRequest, article: Article, view: AdminView) => {
    if (!can(currentStaff(request).role, { kind: "article.pin" })) return null;
    const pinned = await isPinned(ctx.storage.db, article.id);
    return (
      <section class="panel" aria-labelledby="front-page-title">
        <h2 id="front-page-title">Front page</h2>
        <p>
          {pinned
            ? "Pinned: this story leads the front page until it is unpinned (or another is pinned after it)."
            : "Pin this story to lead the front page; otherwise the newest story leads."}
        </p>
        <form method="post" action={`/admin/articles/${article.id}/${pinned ? "unpin" : "pin"}`}>
          <CsrfField view={view} />
          <button type="submit" class="secondary">
            {pinned ? "Unpin from the front page" : "Pin to the front page"}
          </button>
        </form>
      </section>
    );
  };
}

/** Pin and unpin; the audit log records both as it records every staff POST. */
export async function articlePinRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const routes = [
    ["pin", (staff, id) => pinArticle(db, staff, id, ctx.clock())],
    ["unpin", (staff, id) => unpinArticle(db, staff, id)],
  ] as const satisfies readonly [
    string,
    (staff: ReturnType<typeof currentStaff>, id: number) => Promise<void>,
  ][];
  for (const [action, run] of routes) {
    admin.post(
      `/articles/:id/${action}`,
      { schema: { params: IdParams, body: CsrfOnlyBody } },
      async (request, reply) => {
        const { article } = await loadEditableArticle(db, request.params.id);
        await run(currentStaff(request), article.id);
        return reply.redirect(`/admin/articles/${article.id}/?notice=${action}ned`, 303);
      },
    );
  }
}
