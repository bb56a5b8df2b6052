import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { diffLines } from "../../core/diff.js";
import { AppError } from "../../core/errors.js";
import { slugify } from "../../core/slug.js";
import type { AppContext } from "../../http/context.js";
import type { Db } from "../../storage/storage.js";
import { h } from "../../views/jsx.js";
import { can } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import type { StaffUser } from "../accounts/user.js";
import { listUsers } from "../accounts/user.repository.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { listAuthors } from "../authors/author.repository.js";
import { imageSizeOf } from "../media/media.service.js";
import { findTagBySlug, listCategories } from "../taxonomy/taxonomy.repository.js";
import { loadEditableArticle, restoreRevision, saveArticleAsStaff } from "./article.editing.js";
import { EditorFormBody, parseEditorForm } from "./article.editor-form.js";
import type { Article, ArticleInput } from "./article.js";
import { findRevision, listRevisions } from "./article.revisions.js";
import { listArticlesForStaff } from "./article.staff-list.js";
import { renderDoc } from "./document/doc.render.js";
import { emptyDoc } from "./document/doc.schema.js";
import { docToLines } from "./document/doc.text.js";
import { ArticleEditorPage } from "./views/admin/article-editor-page.js";
import { ArticleListAdminPage } from "./views/admin/article-list-page.js";
import { RevisionComparePage, RevisionListPage } from "./views/admin/revisions-page.js";

const OptionalId = Type.Optional(Type.String({ pattern: "^[0-9]{0,9}$" }));
const ListQuery = Type.Object({
  status: Type.Optional(
    Type.Union([
      Type.Literal("any"),
      Type.Literal("draft"),
      Type.Literal("scheduled"),
      Type.Literal("published"),
    ]),
  ),
  author: OptionalId,
  category: OptionalId,
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(
    Type.Union([Type.Literal("updated"), Type.Literal("published"), Type.Literal("title")]),
  ),
  page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })),
  notice: Type.Optional(Type.String({ maxLength: 40 })),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const RevisionParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  revision: Type.Integer({ minimum: 1 }),
});
const RestoreBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  revision: Type.String({ pattern: "^[0-9]{1,9}$" }),
});

const PER_PAGE = 25;
const numberOrUndefined = (text: string | undefined) => (text ? Number(text) : undefined);
const isOwn = (staff: StaffUser, input: ArticleInput) => input.authorIds.includes(staff.authorId);

/**
 * The featured image's size always comes from the media library (the copy the URL names, which is the
 * file served and what og:image:width/height describe); an image from elsewhere has no size.
 */
async function fillImageSize(db: Db, mediaDir: string, input: ArticleInput): Promise<void> {
  const { image } = input;
  if (!image) return;
  const size = await imageSizeOf(db, mediaDir, image.url);
  input.image = { ...image, width: size?.width ?? null, height: size?.height ?? null };
}

interface EditorState {
  article: Article | null;
  input: ArticleInput;
  errors?: string[];
  previewHtml?: string;
}

export async function articleAdminRoutes(admin: FastifyInstance, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function renderEditor(
    request: FastifyRequest,
    reply: FastifyReply,
    state: EditorState,
    status = 200,
  ) {
    const staff = currentStaff(request);
    const [view, authors, categories, { settings }] = await Promise.all([
      adminView(ctx, request, reply),
      listAuthors(db),
      listCategories(db),
      ctx.loadChrome(),
    ]);
    const own = state.article ? isOwn(staff, state.input) : true;
    const page = (
      <ArticleEditorPage
        view={view}
        {...state}
        authors={authors}
        categories={categories}
        timeZone={settings.timeZone}
        canPublish={can(staff.role, { kind: "article.publish", own })}
      />
    );
    return sendAdminPage(reply, page, status);
  }

  admin.get<{ Querystring: Static<typeof ListQuery> }>(
    "/articles/",
    { schema: { querystring: ListQuery } },
    async (request, reply) => {
      const { status = "any", author, category, tag, q, sort = "updated", page = "1" } = request.query;
      const tagId = tag ? ((await findTagBySlug(db, slugify(tag)))?.id ?? -1) : undefined;
      const query = {
        status,
        authorId: numberOrUndefined(author),
        categoryId: numberOrUndefined(category),
        tagId,
        titleSearch: q?.trim() || undefined,
        sort,
        page: Number(page),
        perPage: PER_PAGE,
        now: ctx.clock(),
      };
      const [list, view, authors, categories, { settings }] = await Promise.all([
        listArticlesForStaff(db, query),
        adminView(ctx, request, reply),
        listAuthors(db),
        listCategories(db),
        ctx.loadChrome(),
      ]);
      const filters = new URLSearchParams(
        Object.entries({ status, author, category, tag, q, sort }).filter(
          (entry): entry is [string, string] => !!entry[1],
        ),
      );
      const listPage = (
        <ArticleListAdminPage
          view={view}
          query={{ ...query, tag }}
          items={list.items}
          hasNext={list.hasNext}
          authors={authors}
          categories={categories}
          timeZone={settings.timeZone}
          filterQuery={filters.toString()}
        />
      );
      return sendAdminPage(reply, listPage);
    },
  );

  admin.get("/articles/new", async (request, reply) => {
    const staff = currentStaff(request);
    const input: ArticleInput = {
      title: "",
      standfirst: "",
      body: emptyDoc(),
      status: "draft",
      publishedAt: null,
      categoryIds: [],
      tagNames: [],
      authorIds: [staff.authorId],
      image: null,
      attributions: [],
    };
    return renderEditor(request, reply, { article: null, input });
  });

  admin.get<{ Params: Static<typeof IdParams> }>(
    "/articles/:id/",
    { schema: { params: IdParams } },
    async (request, reply) => {
      const { article, input } = await loadEditableArticle(db, request.params.id);
      return renderEditor(request, reply, { article, input });
    },
  );

  /** One handler for create (no id) and save: preview, unpublish, validation errors and conflicts keep what was typed. */
  async function handleEditorPost(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    form: Static<typeof EditorFormBody>,
  ) {
    const staff = currentStaff(request);
    const { settings } = await ctx.loadChrome();
    const parsed = parseEditorForm(form, settings.timeZone);
    await fillImageSize(db, ctx.config.mediaDir, parsed.input);
    const before = id === null ? null : await loadEditableArticle(db, id);
    const input = form.action === "unpublish" ? { ...parsed.input, status: "draft" as const } : parsed.input;
    const state: EditorState = { article: before?.article ?? null, input };
    if (form.action === "preview")
      return renderEditor(request, reply, {
        ...state,
        previewHtml: renderDoc(input.body).html,
      });
    if (parsed.errors.length > 0)
      return renderEditor(request, reply, { ...state, errors: parsed.errors }, 400);
    try {
      const expectedRevision = Number(form.revision ?? before?.article.revision ?? 0);
      const saved = await saveArticleAsStaff(db, staff, { id, input, expectedRevision }, ctx.clock());
      return reply.redirect(`/admin/articles/${saved.id}/?notice=saved`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 403 || error.status === 404) throw error;
      return renderEditor(request, reply, { ...state, errors: [error.message] }, error.status);
    }
  }

  admin.post<{ Body: Static<typeof EditorFormBody> }>(
    "/articles/",
    { schema: { body: EditorFormBody } },
    (request, reply) => handleEditorPost(request, reply, null, request.body),
  );

  admin.post<{ Params: Static<typeof IdParams>; Body: Static<typeof EditorFormBody> }>(
    "/articles/:id/",
    { schema: { params: IdParams, body: EditorFormBody } },
    (request, reply) => handleEditorPost(request, reply, request.params.id, request.body),
  );

  admin.get<{ Params: Static<typeof IdParams> }>(
    "/articles/:id/revisions/",
    { schema: { params: IdParams } },
    async (request, reply) => {
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
    },
  );

  admin.get<{ Params: Static<typeof RevisionParams> }>(
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

  admin.post<{ Params: Static<typeof RevisionParams>; Body: Static<typeof RestoreBody> }>(
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
