import type { Db } from "../../storage/storage.js";
import { findCommentPlaces, insertComments, publicThreadsChanged } from "./comment.repository.js";
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
 * Stores comments carried over from another platform as they were decided there: no moderation
 * rules, no reply e-mails. Their parents (if any) must be stored already, by an earlier call: an
 * import passes each level of its threads in turn. Returns the new ids in the order given. Call
 * `importedCommentsDone` for the articles touched, in the same transaction.
 */
export async function importComments(trx: Db, comments: readonly ImportedComment[]): Promise<number[]> {
  const parents = await findCommentPlaces(
    trx,
    comments.flatMap((comment) => comment.parentId ?? []),
  );
  return insertComments(
    trx,
    comments.map((comment) => {
      const parent = comment.parentId === null ? undefined : parents.get(comment.parentId);
      return {
        article_id: comment.articleId,
        parent_id: parent ? comment.parentId : null,
        thread_id: parent?.threadId ?? null,
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
      };
    }),
  );
}

/** Recounts the public threads of these articles after an import added to them. */
export const importedCommentsDone = (trx: Db, articleIds: readonly number[]) =>
  publicThreadsChanged(trx, articleIds);
