import { badRequest } from "../../core/errors.js";
import type { Db } from "../../storage/storage.js";
import { can, requirePermission } from "../accounts/roles.js";
import type { StaffUser } from "../accounts/user.js";
import { listUsers } from "../accounts/user.repository.js";
import type { Mail } from "../mail/mailer.js";
import type { NoteKind, ReviewState } from "./article.table.js";

export type { NoteKind, ReviewState };

/** Where a draft stands in review; none while nobody has submitted it. */
export interface ArticleReview {
  state: ReviewState;
  requestedAt: number;
}

/** A staff-only note on an article, as the editor lists it. */
export interface EditorialNote {
  id: number;
  authorName: string;
  kind: NoteKind;
  body: string;
  createdAt: number;
}

/** One line of the dashboard's "Waiting for review" list. */
export interface PendingReview {
  articleId: number;
  title: string;
  requestedAt: number;
  requestedBy: string | null;
}

export const NOTE_MAX_LENGTH = 4000;

export async function findReview(db: Db, articleId: number): Promise<ArticleReview | null> {
  const row = await db
    .selectFrom("article_reviews")
    .select(["state", "requested_at"])
    .where("article_id", "=", articleId)
    .executeTakeFirst();
  return row ? { state: row.state, requestedAt: Number(row.requested_at) } : null;
}

/** The review state of each listed article that has one. */
export async function reviewStatesOf(db: Db, articleIds: number[]): Promise<Map<number, ReviewState>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("article_reviews")
    .select(["article_id", "state"])
    .where("article_id", "in", articleIds)
    .execute();
  return new Map(rows.map((row) => [row.article_id, row.state]));
}

/**
 * Marks a saved draft as waiting for review (again, after a send-back). Only a draft: what is
 * published or scheduled has already passed an editor.
 */
export async function submitForReview(
  db: Db,
  submission: { articleId: number; status: string; userId: number },
  now: number,
): Promise<void> {
  if (submission.status !== "draft") throw badRequest("Only a draft is submitted for review.");
  await db
    .insertInto("article_reviews")
    .values({
      article_id: submission.articleId,
      state: "pending",
      requested_by: submission.userId,
      requested_at: now,
    })
    .onConflict((conflict) =>
      conflict
        .column("article_id")
        .doUpdateSet({ state: "pending", requested_by: submission.userId, requested_at: now }),
    )
    .execute();
}

/** Once an article is published or scheduled, its review is over. */
export async function endReview(db: Db, articleId: number): Promise<void> {
  await db.deleteFrom("article_reviews").where("article_id", "=", articleId).execute();
}

async function insertNote(
  db: Db,
  note: { articleId: number; author: StaffUser; kind: NoteKind; body: string },
  now: number,
): Promise<void> {
  const body = note.body.trim();
  if (!body) throw badRequest("Write the note first.").about("note");
  await db
    .insertInto("article_notes")
    .values({
      article_id: note.articleId,
      user_id: note.author.id,
      author_name: note.author.name,
      kind: note.kind,
      body,
      created_at: now,
    })
    .execute();
}

/** Sends a pending draft back to its writer with a note saying why; the writer sees it in the editor. */
export async function sendBack(
  db: Db,
  staff: StaffUser,
  returned: { articleId: number; note: string },
  now: number,
): Promise<void> {
  requirePermission(staff.role, { kind: "article.review" });
  const review = await findReview(db, returned.articleId);
  if (review?.state !== "pending") throw badRequest("This article is not waiting for review.");
  await db.transaction().execute(async (trx) => {
    await insertNote(
      trx,
      { articleId: returned.articleId, author: staff, kind: "returned", body: returned.note },
      now,
    );
    await trx
      .updateTable("article_reviews")
      .set({ state: "returned" })
      .where("article_id", "=", returned.articleId)
      .execute();
  });
}

/** Adds a staff-only note; `own` says whether the article is one of the writer's (roles.ts decides). */
export async function addNote(
  db: Db,
  staff: StaffUser,
  note: { articleId: number; own: boolean; body: string },
  now: number,
): Promise<void> {
  requirePermission(staff.role, { kind: "article.notes", own: note.own });
  await insertNote(db, { articleId: note.articleId, author: staff, kind: "note", body: note.body }, now);
}

/** The article's notes, newest first, for staff whose role may read them. */
export async function listNotes(
  db: Db,
  staff: StaffUser,
  article: { articleId: number; own: boolean },
): Promise<EditorialNote[]> {
  requirePermission(staff.role, { kind: "article.notes", own: article.own });
  const rows = await db
    .selectFrom("article_notes")
    .select(["id", "author_name", "kind", "body", "created_at"])
    .where("article_id", "=", article.articleId)
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    authorName: row.author_name,
    kind: row.kind,
    body: row.body,
    createdAt: Number(row.created_at),
  }));
}

/** Drafts waiting for an editor, oldest first. */
export async function listPendingReviews(db: Db, limit: number): Promise<PendingReview[]> {
  const rows = await db
    .selectFrom("article_reviews")
    .innerJoin("articles", "articles.id", "article_reviews.article_id")
    .select(["articles.id", "articles.title", "article_reviews.requested_at", "article_reviews.requested_by"])
    .where("article_reviews.state", "=", "pending")
    .orderBy("article_reviews.requested_at", "asc")
    .orderBy("articles.id", "asc")
    .limit(limit)
    .execute();
  const names = new Map((await listUsers(db)).map((user) => [user.id, user.name]));
  return rows.map((row) => ({
    articleId: row.id,
    title: row.title,
    requestedAt: Number(row.requested_at),
    requestedBy: row.requested_by === null ? null : (names.get(row.requested_by) ?? null),
  }));
}

/** The e-mails telling every active staff member who can publish that a draft waits for them. */
export async function reviewRequestMails(
  db: Db,
  request: { articleId: number; title: string; submittedBy: string; siteUrl: string },
): Promise<Mail[]> {
  const reviewers = (await listUsers(db)).filter(
    (user) => !user.suspended && can(user.role, { kind: "article.review" }),
  );
  const link = new URL(`/admin/articles/${request.articleId}/`, request.siteUrl).toString();
  return reviewers.map((reviewer) => ({
    to: reviewer.email,
    subject: `Waiting for review: ${request.title}`,
    text:
      `${request.submittedBy} submitted "${request.title}" for review.\n\n` +
      `Publish it, schedule it or send it back with a note:\n${link}\n`,
  }));
}
