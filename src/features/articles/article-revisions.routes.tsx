import { Type } from "@sinclair/typebox";
import { diffLines } from "../../core/diff.js";
import { AppError } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { CsrfField, IdParams, IdType, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { currentStaff } from "../accounts/staff-session.js";
import { listUsers } from "../accounts/user.repository.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { loadEditableArticle, restoreRevision } from "./article.editing.js";
import { findRevision, listRevisions } from "./article.revisions.js";
import { docToLines } from "./document/doc.text.js";
import { RevisionComparePage, RevisionListPage } from "./views/admin/revisions-page.js";

const RevisionParams = Type.Object({ id: IdType, revision: IdType });
const RestoreBody = Type.Object({ ...CsrfField, revision: Type.String({ pattern: "^[0-9]{1,9}$" }) });

/** An article's revision history: the list, a comparison with the current version, restoring one. */
export async function articleRevisionRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  admin.get("/articles/:id/revisions/", { schema: { params: IdParams } }, async (request, reply) => {
    const { article } = await loadEditableArticle(db, request.params.id);
    const [revisions, users, view, { settings }] = await Promise.all([
      listRevisions(db, article.id),
      listUsers(db),
      adminView(ctx, request, reply),
      ctx.loadChrome(),
    ]);
    const names = new Map(users.map((user) => [user.id, user.name]));
    const page = (
      <RevisionListPage
        view={view}
        article={article}
        revisions={revisions}
        editorNames={names}
        timeZone={settings.timeZone}
      />
    );
    return sendAdminPage(reply, page);
  });

  admin.get(
    "/articles/:id/revisions/:revision",
    { schema: { params: RevisionParams } },
    async (request, reply) => {
      const current = await loadEditableArticle(db, request.params.id);
      const revision = await findRevision(db, request.params.id, request.params.revision);
      if (!revision) throw new AppError("NOT_FOUND", 404, "No such revision");
      const then = revision.snapshot;
      const now = current.input;
      const diffs = [
        { label: "Title", lines: diffLines(then.title, now.title) },
        { label: "Slug", lines: diffLines(then.slug, current.article.slug) },
        { label: "Pull quote", lines: diffLines(then.standfirst, now.standfirst) },
        { label: "Body", lines: diffLines(docToLines(then.body), docToLines(now.body)) },
        { label: "Status", lines: diffLines(then.status, current.article.status) },
        { label: "Tags", lines: diffLines(then.tagNames.join("\n"), now.tagNames.join("\n")) },
        {
          label: "Sources",
          lines: diffLines(
            then.attributions.map((a) => `${a.kind} ${a.outlet} ${a.url ?? ""}`).join("\n"),
            now.attributions.map((a) => `${a.kind} ${a.outlet} ${a.url ?? ""}`).join("\n"),
          ),
        },
      ];
      const view = await adminView(ctx, request, reply);
      return sendAdminPage(
        reply,
        <RevisionComparePage view={view} article={current.article} revision={revision} diffs={diffs} />,
      );
    },
  );

  admin.post(
    "/articles/:id/revisions/:revision/restore",
    { schema: { params: RevisionParams, body: RestoreBody } },
    async (request, reply) => {
      const { id, revision } = request.params;
      const expectedRevision = Number(request.body.revision);
      await restoreRevision(db, currentStaff(request), { id, revision, expectedRevision }, ctx.clock());
      return reply.redirect(`/admin/articles/${id}/?notice=restored`, 303);
    },
  );
}
