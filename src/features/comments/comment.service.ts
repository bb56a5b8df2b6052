import { createHmac, timingSafeEqual } from "node:crypto";
import { notFound } from "../../core/errors.js";
import { readerError } from "../../i18n/reader-error.js";
import type { Db } from "../../storage/storage.js";
import { findArticleTitles } from "../articles/article.repository.js";
import type { Mailer } from "../mail/mailer.js";
import type { Reader } from "../readers/reader.js";
import type { ReaderDataKeeper } from "../readers/reader.service.js";
import type { SiteSettings } from "../settings/settings.js";
import { displayName } from "./comment.js";
import {
  addBan,
  addFlag,
  commenterHistory,
  findComment,
  insertComment,
  isBanned,
  publicThreadsChanged,
  updateCommentStatus,
  updateReaderComments,
} from "./comment.repository.js";
import { canEditOwn, decideStatus, findBannedWord, MAX_LINKS, parseBannedWords } from "./comment.rules.js";
import type { CommentRow, CommentStatus } from "./comment.table.js";
import { commentLength, countLinks, MAX_COMMENT_LENGTH, normaliseCommentText } from "./comment.text.js";

export type Commenter =
  | { kind: "reader"; reader: Reader }
  | { kind: "guest"; key: string; name: string; email: string };

export const authorKeyOf = (commenter: Commenter) =>
  commenter.kind === "reader" ? `reader:${commenter.reader.id}` : commenter.key;

export const commentsClosed = () => readerError("COMMENTS_CLOSED", 403, "problem.commentsClosed");
const readersOnly = () => readerError("SIGN_IN_TO_COMMENT", 401, "problem.signInToComment");
const banned = () => readerError("BANNED", 403, "problem.banned");
export const tooLong = () =>
  readerError("COMMENT_TOO_LONG", 400, "problem.commentTooLong", { max: MAX_COMMENT_LENGTH });

/** Checks the text a reader typed; returns it normalised. Too long is a 400 the form shows with the text kept. */
export function checkCommentText(text: string): string {
  const normalised = normaliseCommentText(text);
  if (normalised.length === 0) throw readerError("BAD_REQUEST", 400, "problem.commentEmpty");
  if (commentLength(normalised) > MAX_COMMENT_LENGTH) throw tooLong();
  return normalised;
}

export interface NewComment {
  article: { id: number; commentsClosed: boolean };
  parentId: number | null;
  text: string;
  notifyReplies: boolean;
  commenter: Commenter;
  ipHash: string;
  now: number;
}

type Settings = Pick<SiteSettings, "commentPolicy" | "commentsOpenTo" | "bannedWords">;

/** Who may comment here at all, before anything is checked about the comment. */
export function assertMayComment(
  settings: Settings,
  article: { commentsClosed: boolean },
  commenter: { kind: string },
) {
  if (settings.commentsOpenTo === "nobody" || article.commentsClosed) throw commentsClosed();
  if (settings.commentsOpenTo === "readers" && commenter.kind !== "reader") throw readersOnly();
}

/** Stores a new comment, approved or held by the rules; returns its id, thread and status. */
export async function postComment(db: Db, settings: Settings, input: NewComment) {
  assertMayComment(settings, input.article, input.commenter);
  const text = checkCommentText(input.text);
  const { commenter } = input;
  const authorKey = authorKeyOf(commenter);
  const email = commenter.kind === "reader" ? commenter.reader.email : commenter.email.trim().toLowerCase();
  const name = (commenter.kind === "reader" ? commenter.reader.displayName : commenter.name).trim();
  if (name.length === 0 || name.length > 80) throw readerError("BAD_REQUEST", 400, "problem.nameLength");
  if (await isBanned(db, [`email:${email}`, authorKey])) throw banned();
  let parent: CommentRow | undefined;
  if (input.parentId !== null) {
    parent = await findComment(db, input.parentId);
    const visibleToAuthor =
      parent?.status === "approved" || (parent?.status === "pending" && parent.author_key === authorKey);
    if (!parent || parent.article_id !== input.article.id || !visibleToAuthor) {
      throw readerError("BAD_REQUEST", 400, "problem.replyUnavailable");
    }
  }
  const history = await commenterHistory(db, { email, authorKey });
  const decision = decideStatus({ text, links: countLinks(text) }, history, settings);
  const id = await db.transaction().execute(async (trx) => {
    const newId = await insertComment(
      trx,
      {
        article_id: input.article.id,
        parent_id: parent?.id ?? null,
        depth: parent ? parent.depth + 1 : 0,
        reader_id: commenter.kind === "reader" ? commenter.reader.id : null,
        author_key: authorKey,
        author_name: name,
        author_email: email,
        body: text,
        status: decision.status,
        held_reason: decision.reason,
        notify_replies: input.notifyReplies ? 1 : 0,
        ip_hash: input.ipHash,
        created_at: input.now,
        edited_at: null,
      },
      parent ? (parent.thread_id ?? parent.id) : null,
    );
    if (decision.status === "approved") await publicThreadsChanged(trx, [input.article.id]);
    return newId;
  });
  return { id, status: decision.status, threadId: parent ? (parent.thread_id ?? parent.id) : id };
}

/** The comment, if this commenter may still edit it (their own, within the edit window, not moderated away). */
export async function findOwnEditable(db: Db, commentId: number, authorKey: string, now: number) {
  const row = await findComment(db, commentId);
  if (!row || row.author_key !== authorKey || !["pending", "approved"].includes(row.status))
    throw notFound("Comment");
  if (!canEditOwn(row.created_at, now)) throw readerError("EDIT_WINDOW_OVER", 403, "problem.editWindowOver");
  return row;
}

/**
 * Replaces a comment's text. A commenter's edit that adds what the always-held rules catch sends the
 * comment back for review; staff edits (`byStaff`) keep the status.
 */
export async function editComment(
  db: Db,
  settings: Pick<SiteSettings, "bannedWords">,
  edit: { row: CommentRow; text: string; now: number; byStaff: boolean },
): Promise<CommentStatus> {
  const text = checkCommentText(edit.text);
  const { row } = edit;
  const caught =
    !edit.byStaff &&
    (countLinks(text) > MAX_LINKS || findBannedWord(text, parseBannedWords(settings.bannedWords)));
  const status = caught ? "pending" : row.status;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("comments")
      .set({ body: text, edited_at: edit.now, status, held_reason: caught ? "edited" : row.held_reason })
      .where("id", "=", row.id)
      .execute();
    if (row.status === "approved") await publicThreadsChanged(trx, [row.article_id]);
  });
  return status;
}

export type ModerationAction = "approve" | "spam" | "remove";
const STATUS_OF: Record<ModerationAction, CommentStatus> = {
  approve: "approved",
  spam: "spam",
  remove: "removed",
};

/** Sets these comments' status (nothing is deleted); returns the ids that became approved. */
export async function moderateComments(
  db: Db,
  ids: readonly number[],
  action: ModerationAction,
): Promise<number[]> {
  if (ids.length === 0) return [];
  return db.transaction().execute((trx) => setCommentsStatus(trx, ids, action));
}

/** moderateComments' work, inside the caller's transaction. */
async function setCommentsStatus(
  trx: Db,
  ids: readonly number[],
  action: ModerationAction,
): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .selectFrom("comments")
    .select(["id", "article_id", "status"])
    .where("id", "in", [...ids])
    .execute();
  const status = STATUS_OF[action];
  await updateCommentStatus(
    trx,
    rows.map((row) => row.id),
    status,
    status === "approved" ? null : action,
  );
  // Approving clears the reports: a moderator has looked at it.
  if (action === "approve")
    await trx
      .updateTable("comments")
      .set({ flags: 0 })
      .where("id", "in", [...ids])
      .execute();
  const changed = rows.filter(
    (row) => row.status !== status && (row.status === "approved" || status === "approved"),
  );
  await publicThreadsChanged(
    trx,
    changed.map((row) => row.article_id),
  );
  return action === "approve" ? rows.filter((row) => row.status !== "approved").map((row) => row.id) : [];
}

/**
 * Bans a comment's author by address and by account (or guest key), and sends their comments waiting
 * in the queue to spam, in one transaction. Only the subjects the comment has are banned and matched:
 * a comment without an address must not match every other comment without one. Returns how many
 * queued comments went to spam.
 */
export async function banCommenter(
  db: Db,
  comment: { author_email: string | null; author_key: string | null },
  now: number,
): Promise<number> {
  const subjects = [
    ...(comment.author_email ? [{ column: "author_email" as const, value: comment.author_email }] : []),
    ...(comment.author_key ? [{ column: "author_key" as const, value: comment.author_key }] : []),
  ];
  if (subjects.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    for (const { column, value } of subjects) {
      await addBan(trx, column === "author_email" ? `email:${value}` : value, now);
    }
    const queued = await trx
      .selectFrom("comments")
      .select("id")
      .where("status", "=", "pending")
      .where((eb) => eb.or(subjects.map(({ column, value }) => eb(column, "=", value))))
      .execute();
    await setCommentsStatus(
      trx,
      queued.map((row) => row.id),
      "spam",
    );
    return queued.length;
  });
}

/** A reader reports a published comment; enough reports from different readers send it back to the queue. */
export async function flagComment(
  db: Db,
  settings: Pick<SiteSettings, "commentFlagThreshold">,
  report: { commentId: number; flaggerKey: string; now: number },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await findComment(trx, report.commentId);
    if (row?.status !== "approved") throw notFound("Comment");
    if (!(await addFlag(trx, row.id, report.flaggerKey, report.now))) return;
    if (row.flags + 1 >= settings.commentFlagThreshold) {
      await updateCommentStatus(trx, [row.id], "pending", "reported");
      await publicThreadsChanged(trx, [row.article_id]);
    }
  });
}

/** The signature in a reply-notification unsubscribe link: only we can make one for a comment. */
export const unsubscribeSignature = (secret: string, commentId: number) =>
  createHmac("sha256", secret).update(`unsubscribe:${commentId}`).digest("base64url").slice(0, 32);

export function isValidUnsubscribe(secret: string, commentId: number, signature: string): boolean {
  const expected = Buffer.from(unsubscribeSignature(secret, commentId));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function unsubscribeReplies(db: Db, commentId: number): Promise<void> {
  await db.updateTable("comments").set({ notify_replies: 0 }).where("id", "=", commentId).execute();
}

/**
 * Tells the authors of the parents of these newly approved replies, once per reply, if they asked to
 * hear of replies. The conditional update makes sure a reply is announced at most once, even when two
 * moderators approve it at the same moment.
 */
export async function notifyReplies(
  db: Db,
  mailer: Mailer,
  replyIds: readonly number[],
  site: { url: string; title: string; secret: string },
): Promise<number> {
  let sent = 0;
  for (const replyId of replyIds) {
    const reply = await findComment(db, replyId);
    if (reply?.status !== "approved" || reply.parent_id === null) continue;
    const claimed = await db
      .updateTable("comments")
      .set({ reply_notified: 1 })
      .where("id", "=", replyId)
      .where("reply_notified", "=", 0)
      .executeTakeFirst();
    if (claimed.numUpdatedRows !== 1n) continue;
    const parent = await findComment(db, reply.parent_id);
    if (!parent?.notify_replies || !parent.author_email || parent.author_key === reply.author_key) continue;
    const article = (await findArticleTitles(db, [reply.article_id])).get(reply.article_id);
    if (!article) continue;
    await mailer.send({
      to: parent.author_email,
      subject: `${displayName({ authorName: reply.author_name })} replied to your comment on ${article.title}`,
      text: [
        `${displayName({ authorName: reply.author_name })} replied to your comment on "${article.title}":`,
        "",
        reply.body,
        "",
        `Read it: ${site.url}/${article.slug}/#comment-${reply.id}`,
        "",
        `Stop e-mails about replies to this comment (one click): ${site.url}/comments/${parent.id}/unsubscribe/${unsubscribeSignature(site.secret, parent.id)}`,
        "",
        `— ${site.title}`,
      ].join("\n"),
    });
    sent++;
  }
  return sent;
}

/** Comments' part of a reader's data download and account deletion. */
export const commentsReaderData: ReaderDataKeeper = {
  name: "comments",
  async exportFor(db, reader) {
    const rows = await db
      .selectFrom("comments")
      .select(["id", "article_id", "parent_id", "body", "status", "created_at", "edited_at", "author_name"])
      .where("reader_id", "=", reader.id)
      .orderBy("created_at")
      .execute();
    return rows.map((row) => ({
      id: row.id,
      articleId: row.article_id,
      inReplyTo: row.parent_id,
      name: row.author_name,
      text: row.body,
      status: row.status,
      postedAt: new Date(row.created_at).toISOString(),
      editedAt: row.edited_at === null ? null : new Date(row.edited_at).toISOString(),
    }));
  },
  renamed: (db, reader, displayName) => updateReaderComments(db, reader.id, { author_name: displayName }),
  eraseFor: (db, reader) =>
    updateReaderComments(db, reader.id, {
      author_name: null,
      author_email: null,
      author_key: null,
      notify_replies: 0,
      ip_hash: null,
      reader_id: null,
    }),
};
