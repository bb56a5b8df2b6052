import { sql } from "kysely";
import { slicesOf } from "../../core/paging.js";
import {
  COUNTERS_PER_STATEMENT,
  continueIdsAfterExplicitOnes,
  insertRows,
  nextIdOf,
} from "../../storage/bulk-insert.js";
import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import type { CommentStatus } from "./comment.table.js";

/** A made-up reader comment for scale tests, as moderation left it. */
export interface GeneratedComment {
  articleId: number;
  /** The position, in the same batch, of the comment this one answers (earlier in it); null starts a thread. */
  replyTo: number | null;
  authorKey: string;
  authorName: string;
  authorEmail: string;
  ipHash: string;
  body: string;
  status: CommentStatus;
  heldReason: string | null;
  createdAt: number;
}

const COLUMNS = [
  "id",
  "article_id",
  "parent_id",
  "thread_id",
  "depth",
  "author_key",
  "author_name",
  "author_email",
  "body",
  "status",
  "held_reason",
  "notify_replies",
  "ip_hash",
  "created_at",
] as const;

/**
 * Inserts generated comments, threads and all, through a few multi-row statements, and adds their
 * approved ones to the articles' counters (moving each thread's version on, as any public change
 * does). Runs in the caller's transaction.
 */
export async function insertGeneratedComments(db: Db, comments: readonly GeneratedComment[]): Promise<void> {
  if (comments.length === 0) return;
  const firstId = await nextIdOf(db, "comments");
  const placed: { threadId: number; depth: number }[] = [];
  const approved = new Map<number, number>();
  const rows = comments.map((comment, index) => {
    const id = firstId + index;
    const parent = comment.replyTo === null ? undefined : placed[comment.replyTo];
    if (comment.replyTo !== null && (!parent || comment.replyTo >= index))
      throw new Error(`comment ${index} answers ${comment.replyTo}, which does not come before it`);
    const place = parent
      ? { threadId: parent.threadId, depth: parent.depth + 1 }
      : { threadId: id, depth: 0 };
    placed.push(place);
    if (comment.status === "approved")
      approved.set(comment.articleId, (approved.get(comment.articleId) ?? 0) + 1);
    const parentId = comment.replyTo === null ? null : firstId + comment.replyTo;
    return [
      id,
      comment.articleId,
      parentId,
      place.threadId,
      place.depth,
      comment.authorKey,
      comment.authorName,
      comment.authorEmail,
      comment.body,
      comment.status,
      comment.heldReason,
      0,
      comment.ipHash,
      comment.createdAt,
    ];
  });
  await insertRows(db, "comments", COLUMNS, rows);
  await continueIdsAfterExplicitOnes(db, "comments");
  if (approved.size === 0) return;
  for (const slice of slicesOf([...approved], COUNTERS_PER_STATEMENT)) {
    await db
      .insertInto("comment_counters")
      .values(slice.map(([articleId, count]) => ({ article_id: articleId, approved: count, version: 1 })))
      .onConflict((conflict) =>
        conflict.column("article_id").doUpdateSet({
          approved: sql`comment_counters.approved + excluded.approved`,
          version: sql`comment_counters.version + 1`,
        }),
      )
      .execute();
  }
  await markContentChanged(db);
}
