import { forbidden, notFound } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import { can } from "../accounts/roles.js";
import type { StaffUser } from "../accounts/user.js";
import { findTagsByIds } from "../taxonomy/taxonomy.repository.js";
import type { Article, ArticleInput } from "./article.js";
import { findArticleById, loadAttributions, loadLinkedIds, toArticle } from "./article.repository.js";
import { endReview } from "./article.review.js";
import { findRevision } from "./article.revisions.js";
import { createArticle, updateArticle } from "./article.service.js";

/** An article as the editor form shows it. */
export interface EditableArticle {
  article: Article;
  input: ArticleInput;
}

export async function loadEditableArticle(db: Db, id: number): Promise<EditableArticle> {
  const row = await findArticleById(db, id);
  if (!row) throw notFound("Article");
  const article = toArticle(row);
  const ids = async (table: "article_categories" | "article_tags" | "article_authors") =>
    (await loadLinkedIds(db, table, [id])).get(id) ?? [];
  const [categoryIds, tagIds, authorIds, attributions] = await Promise.all([
    ids("article_categories"),
    ids("article_tags"),
    ids("article_authors"),
    loadAttributions(db, id),
  ]);
  const tags = await findTagsByIds(db, tagIds);
  return {
    article,
    input: {
      title: article.title,
      slug: article.slug,
      standfirst: article.standfirst,
      // Checked when it was saved; stored only by the save below.
      body: JSON.parse(row.body_doc),
      status: article.status,
      publishedAt: article.publishedAt,
      categoryIds,
      tagNames: tagIds.flatMap((tagId) => tags.get(tagId)?.name ?? []),
      authorIds,
      image: article.image,
      attributions,
      commentsClosed: article.commentsClosed,
      kind: article.kind,
    },
  };
}

const isOwn = (staff: StaffUser, authorIds: readonly number[]) => authorIds.includes(staff.authorId);

/** Applies the role rules (roles.ts) to a save; throws 403 when the staff member may not make it. */
function checkSave(staff: StaffUser, before: EditableArticle | null, input: ArticleInput): void {
  const own = before ? isOwn(staff, before.input.authorIds) : true;
  if (
    before &&
    !can(staff.role, { kind: "article.edit", own, everPublished: before.article.status !== "draft" })
  ) {
    throw forbidden("You may not edit this article.");
  }
  const publishing = input.status !== "draft";
  const unpublishing = before !== null && before.article.status !== "draft" && !publishing;
  if ((publishing || unpublishing) && !can(staff.role, { kind: "article.publish", own })) {
    throw forbidden("Your role can save drafts but not publish. An editor will publish it.");
  }
}

/** Creates or saves an article as this staff member, after checking their role allows it. */
export async function saveArticleAsStaff(
  db: Db,
  staff: StaffUser,
  save: { id: number | null; input: ArticleInput; expectedRevision: number },
  now: number,
): Promise<Article> {
  if (save.id === null) {
    checkSave(staff, null, save.input);
    return createArticle(db, save.input, now, staff.id);
  }
  const before = await loadEditableArticle(db, save.id);
  checkSave(staff, before, save.input);
  const saved = await updateArticle(db, save.id, save.input, save.expectedRevision, now, staff.id);
  // Published or scheduled by someone allowed to: whatever review it waited for is over.
  if (saved.status !== "draft") await endReview(db, saved.id);
  return saved;
}

/** Saves an earlier revision's content as the newest revision (history is never rewritten). */
export async function restoreRevision(
  db: Db,
  staff: StaffUser,
  restore: { id: number; revision: number; expectedRevision: number },
  now: number,
): Promise<Article> {
  const revision = await findRevision(db, restore.id, restore.revision);
  if (!revision) throw notFound("Revision", "No such revision");
  return saveArticleAsStaff(
    db,
    staff,
    { id: restore.id, input: revision.snapshot, expectedRevision: restore.expectedRevision },
    now,
  );
}
