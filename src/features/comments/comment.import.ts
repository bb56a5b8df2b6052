import type { Db } from "../../storage/storage.js";
import { findComment, insertComment, publicThreadsChanged } from "./comment.repository.js";
import type { CommentStatus } from "./comment.table.js";

export interface ImportedComment {
  articleId: number;
  /** The parent's id here (already imported), or null for a top-level comment. */
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  body: string;
  status: CommentStatus;
  createdAt: number;
}

const BODY_MAX = 5000;

/**
 * Stores a comment carried over from another platform as it was decided there: no moderation rules,
 * no reply e-mails. Call `importedCommentsDone` for the articles touched, in the same transaction.
 */
export async function importComment(trx: Db, comment: ImportedComment): Promise<number> {
  const parent = comment.parentId === null ? undefined : await findComment(trx, comment.parentId);
  return insertComment(
    trx,
    {
      article_id: comment.articleId,
      parent_id: parent?.id ?? null,
      depth: parent ? parent.depth + 1 : 0,
      reader_id: null,
      author_key: null,
      author_name: comment.authorName.slice(0, 80) || "Anonymous",
      author_email: comment.authorEmail.slice(0, 320),
      body: Array.from(comment.body).slice(0, BODY_MAX).join(""),
      status: comment.status,
      held_reason: comment.status === "pending" ? "imported" : null,
      notify_replies: 0,
      ip_hash: null,
      created_at: comment.createdAt,
      edited_at: null,
    },
    parent ? (parent.thread_id ?? parent.id) : null,
  );
}

/** Recounts the public threads of these articles after an import added to them. */
export const importedCommentsDone = (trx: Db, articleIds: readonly number[]) =>
  publicThreadsChanged(trx, articleIds);
