import type { CommentStatus } from "./comment.table.js";

/** A comment as pages show it; the e-mail address never leaves the server. */
export interface PublicComment {
  id: number;
  parentId: number | null;
  depth: number;
  /** null: the reader deleted their account ("deleted reader"). */
  authorName: string | null;
  body: string;
  status: CommentStatus;
  createdAt: number;
  editedAt: number | null;
}

export type CommentOrder = "oldest" | "newest";
export const THREADS_PER_PAGE = 100;
/** Replies nest up to this many levels (top level included); deeper ones are listed flat. */
export const MAX_NESTING = 4;

export const DELETED_READER = "deleted reader";
export const displayName = (comment: Pick<PublicComment, "authorName">) =>
  comment.authorName ?? DELETED_READER;
