import type { Generated, Selectable } from "kysely";

export type CommentStatus = "pending" | "approved" | "spam" | "removed";

export interface CommentsTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  /** The top-level comment this one belongs under (its own id for a top-level comment). */
  thread_id: number | null;
  /** 0 for a top-level comment. */
  depth: number;
  reader_id: number | null;
  /** "reader:<id>" or "guest:<id>" (the commenter cookie); null once the reader deleted their data. */
  author_key: string | null;
  /** Null once the reader deleted their data: shown as "deleted reader". */
  author_name: string | null;
  author_email: string | null;
  body: string;
  status: CommentStatus;
  held_reason: string | null;
  flags: Generated<number>;
  notify_replies: number;
  /** 1 once the parent's author was told about this (approved) reply, so they hear of it once. */
  reply_notified: Generated<number>;
  ip_hash: string | null;
  created_at: number;
  edited_at: number | null;
}

export interface CommentTables {
  comments: CommentsTable;
  comment_flags: { comment_id: number; flagger_key: string; created_at: number };
  /** "email:<address>" or "reader:<id>". */
  comment_bans: { subject: string; created_at: number };
  comment_counters: { article_id: number; approved: number; version: number };
}

export type CommentRow = Selectable<CommentsTable>;
