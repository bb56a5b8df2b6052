import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { IdParams, type Router } from "../../http/schemas.js";
import type { Db } from "../../storage/storage.js";
import { type Child, h } from "../../views/jsx.js";
import { can } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import type { StaffUser } from "../accounts/user.js";
import { listUsers } from "../accounts/user.repository.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import type { AdminView } from "../admin/views/admin-layout.js";
import { listAuthors } from "../authors/author.repository.js";
import { imageSizeOf } from "../media/media.service.js";
import { listCategories } from "../taxonomy/taxonomy.repository.js";
import { discardAutosave, findAutosave, notePresence, storeAutosave } from "./article.autosave.js";
import { loadEditableArticle, saveArticleAsStaff } from "./article.editing.js";
import { type EditorForm, EditorFormBody, parseEditorForm } from "./article.editor-form.js";
import type { Article, ArticleInput } from "./article.js";
import { loadLinkedIds } from "./article.repository.js";
import { findReview, listNotes, reviewRequestMails, submitForReview } from "./article.review.js";
import { renderDoc } from "./document/doc.render.js";
import { emptyDoc } from "./document/doc.schema.js";
import { ArticleEditorPage, type EditorProps } from "./views/admin/article-editor-page.js";
import type { ReviewPanelData } from "./views/admin/review-panel.js";

const isOwn = (staff: StaffUser, input: ArticleInput) => input.authorIds.includes(staff.authorId);

/**
 * The featured image's size always comes from the media library (the copy the URL names, which is the
 * file served and what og:image:width/height describe) or the served file; an image from elsewhere has none.
 */
async function fillImageSize(db: Db, mediaDir: string, input: ArticleInput): Promise<void> {
  const { image } = input;
  if (image) {
    const size = await imageSizeOf(db, mediaDir, image.url);
    input.image = { ...image, width: size?.width ?? null, height: size?.height ?? null };
  }
  // The body's figures and gallery images too: the sizes the browser sent are replaced by the served files'.
  for (const block of input.body.content ?? []) {
    const images =
      block.type === "figure" ? [block.attrs] : block.type === "gallery" ? block.attrs.images : [];
    for (const picture of images) {
      const size = await imageSizeOf(db, mediaDir, picture.src);
      picture.width = size?.width ?? null;
      picture.height = size?.height ?? null;
    }
  }
}

/** Unpublish and Submit for review save a draft; an editor's Publish now saves it published. */
function withStatusOfAction(action: EditorForm["action"], input: ArticleInput): ArticleInput {
  if (action === "unpublish" || action === "submit") return { ...input, status: "draft" };
  if (action === "publish") return { ...input, status: "published" };
  return input;
}

type EditorState = Pick<EditorProps, "article" | "input"> &
  Partial<Pick<EditorProps, "errors" | "previewHtml" | "restoredAt" | "others">>;

/** Names of the other staff who have the article open. */
async function namesOf(db: Db, ids: number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const users = await listUsers(db);
  return users.filter((user) => ids.includes(user.id)).map((user) => user.name);
}

/**
 * A part another feature adds to the editor of a saved article (the newsletter's e-mail panel), shown
 * below the form; registered in app.ts so the articles feature does not import it. Null: nothing shown.
 */
export type ArticleEditorPanel = (
  request: FastifyRequest,
  article: Article,
  view: AdminView,
) => Promise<Child>;

/** The article editor: new, edit, save (with preview and unpublish), and the editor script's autosave. */
export async function articleEditorRoutes(
  admin: Router,
  ctx: AppContext,
  panels: readonly ArticleEditorPanel[] = [],
): Promise<void> {
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
    const { article } = state;
    const extras = article ? await Promise.all(panels.map((panel) => panel(request, article, view))) : [];
    const canPublish = can(staff.role, { kind: "article.publish", own });
    const page = (
      <ArticleEditorPage
        view={view}
        {...state}
        authors={authors}
        categories={categories}
        timeZone={settings.timeZone}
        canPublish={canPublish}
        review={await reviewPanelData(staff, state.article, canPublish)}
        panels={extras}
      />
    );
    return sendAdminPage(reply, page, status);
  }

  async function reviewPanelData(
    staff: StaffUser,
    article: Article | null,
    canPublish: boolean,
  ): Promise<ReviewPanelData> {
    const articleId = article?.id ?? null;
    const [review, notes] = articleId === null ? [null, null] : await reviewAndNotes(staff, articleId);
    return {
      articleId,
      status: article?.status ?? "draft",
      review,
      notes,
      canPublish,
      canReview: can(staff.role, { kind: "article.review" }),
    };
  }

  /** Whether notes are shown depends on the stored byline, never on the authors a submitted form names. */
  async function reviewAndNotes(staff: StaffUser, articleId: number) {
    const authorIds = (await loadLinkedIds(db, "article_authors", [articleId])).get(articleId) ?? [];
    const own = authorIds.includes(staff.authorId);
    const mayReadNotes = can(staff.role, { kind: "article.notes", own });
    return Promise.all([
      findReview(db, articleId),
      mayReadNotes ? listNotes(db, staff, { articleId, own }) : null,
    ]);
  }

  /** Tells every editor that a draft waits for review; a mail that fails is logged, the submission stands. */
  async function askForReview(request: FastifyRequest, staff: StaffUser, article: Article) {
    await submitForReview(
      db,
      { articleId: article.id, status: article.status, userId: staff.id },
      ctx.clock(),
    );
    const mails = await reviewRequestMails(db, {
      articleId: article.id,
      title: article.title,
      submittedBy: staff.name,
      siteUrl: ctx.config.siteUrl,
    });
    const results = await Promise.allSettled(mails.map((mail) => ctx.mailer.send(mail)));
    for (const result of results)
      if (result.status === "rejected") request.log.error(result.reason, "review request mail not sent");
  }

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

  admin.get("/articles/:id/", { schema: { params: IdParams } }, async (request, reply) => {
    const staff = currentStaff(request);
    const { article, input } = await loadEditableArticle(db, request.params.id);
    const now = ctx.clock();
    const [autosave, others] = await Promise.all([
      findAutosave(db, article.id, staff.id, article.revision),
      notePresence(db, { articleId: article.id, userId: staff.id, now }).then((ids) => namesOf(db, ids)),
    ]);
    if (!autosave) return renderEditor(request, reply, { article, input, others });
    return renderEditor(request, reply, {
      article,
      input: autosave.input,
      restoredAt: autosave.savedAt,
      others,
    });
  });

  /** One handler for create (no id) and save: preview, unpublish, validation errors and conflicts keep what was typed. */
  async function handleEditorPost(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    form: EditorForm,
  ) {
    const staff = currentStaff(request);
    const { settings } = await ctx.loadChrome();
    const parsed = parseEditorForm(form, settings.timeZone);
    await fillImageSize(db, ctx.config.mediaDir, parsed.input);
    const before = id === null ? null : await loadEditableArticle(db, id);
    const input = withStatusOfAction(form.action, parsed.input);
    if (form.action === "submit" && before && before.article.status !== "draft")
      parsed.errors.push("Only a draft is submitted for review; this article is already published.");
    const state: EditorState = { article: before?.article ?? null, input };
    if (form.action === "preview")
      return renderEditor(request, reply, { ...state, previewHtml: renderDoc(input.body).html });
    if (parsed.errors.length > 0)
      return renderEditor(request, reply, { ...state, errors: parsed.errors }, 400);
    try {
      const expectedRevision = Number(form.revision ?? before?.article.revision ?? 0);
      const saved = await saveArticleAsStaff(db, staff, { id, input, expectedRevision }, ctx.clock());
      await discardAutosave(db, saved.id, staff.id);
      if (form.action === "submit") await askForReview(request, staff, saved);
      const notice = form.action === "submit" ? "submitted" : "saved";
      return reply.redirect(`/admin/articles/${saved.id}/?notice=${notice}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || error.status === 403 || error.status === 404) throw error;
      return renderEditor(request, reply, { ...state, errors: [error.message] }, error.status);
    }
  }

  admin.post("/articles/", { schema: { body: EditorFormBody } }, (request, reply) =>
    handleEditorPost(request, reply, null, request.body),
  );

  admin.post("/articles/:id/", { schema: { params: IdParams, body: EditorFormBody } }, (request, reply) =>
    handleEditorPost(request, reply, request.params.id, request.body),
  );

  /**
   * Autosave of a new article: the first one creates it as a draft (so later ones have an id to go to);
   * the editor script then moves to the article's own address.
   */
  admin.post("/articles/autosave", { schema: { body: EditorFormBody } }, async (request) => {
    const staff = currentStaff(request);
    const { settings } = await ctx.loadChrome();
    const { input } = parseEditorForm(request.body, settings.timeZone);
    const draft = { ...input, title: input.title || "Untitled draft", status: "draft" as const, image: null };
    const saved: Article = await saveArticleAsStaff(
      db,
      staff,
      { id: null, input: draft, expectedRevision: 0 },
      ctx.clock(),
    );
    return { id: saved.id, revision: saved.revision, savedAt: ctx.clock(), others: [] };
  });

  /** Autosave of an existing article: the writer's pending copy only; the article and its page stay as they are. */
  admin.post(
    "/articles/:id/autosave",
    { schema: { params: IdParams, body: EditorFormBody } },
    async (request) => {
      const staff = currentStaff(request);
      const { article } = await loadEditableArticle(db, request.params.id);
      const { settings } = await ctx.loadChrome();
      const { input } = parseEditorForm(request.body, settings.timeZone);
      const now = ctx.clock();
      const basedOnRevision = Number(request.body.revision ?? article.revision);
      await storeAutosave(db, { articleId: article.id, userId: staff.id, basedOnRevision, input, now });
      const others = await namesOf(
        db,
        await notePresence(db, { articleId: article.id, userId: staff.id, now }),
      );
      return { savedAt: now, others };
    },
  );
}
