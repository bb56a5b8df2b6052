import type { Insertable, Updateable } from "kysely";
import { sql } from "kysely";
import { slicesOf } from "../../core/paging.js";
import { markContentChanged } from "../../storage/content-version.js";
import { countPerDay, type DailySeries } from "../../storage/daily.js";
import { fixedLimit, numberSlot, reusableListQuery, reusableQuery } from "../../storage/statements.js";
import type { Db } from "../../storage/storage.js";
import { type CommentOrder, type PublicComment, THREADS_PER_PAGE } from "./comment.js";
import type { CommentRow, CommentStatus, CommentsTable } from "./comment.table.js";

/** What readers see of a comment; the rest (e-mail, address hash, flags) never leaves the staff pages. */
const PUBLIC_COLUMNS = [
  "id",
  "parent_id",
  "thread_id",
  "depth",
  "author_name",
  "body",
  "status",
  "created_at",
  "edited_at",
] as const satisfies readonly (keyof CommentRow)[];
type PublicCommentRow = Pick<CommentRow, (typeof PUBLIC_COLUMNS)[number]>;

export const toPublicComment = (row: PublicCommentRow): PublicComment & { threadId: number } => ({
  id: row.id,
  parentId: row.parent_id,
  threadId: row.thread_id ?? row.id,
  depth: row.depth,
  authorName: row.author_name,
  body: row.body,
  status: row.status,
  createdAt: row.created_at,
  editedAt: row.edited_at,
});

export async function findComment(db: Db, id: number): Promise<CommentRow | undefined> {
  return db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Inserts a comment and sets its thread (its own id when it starts one); returns the id. */
export async function insertComment(
  db: Db,
  values: Omit<Insertable<CommentsTable>, "thread_id">,
  parentThreadId: number | null,
): Promise<number> {
  const [id] = await insertComments(db, [{ ...values, thread_id: parentThreadId }]);
  if (id === undefined) throw new Error("the comment insert returned no id");
  return id;
}

/**
 * Inserts many comments whose parents (if any) are already stored, each row carrying its parent's
 * thread (null: it starts one, and gets its own id); returns their ids in the order given. A
 * multi-row insert takes its ids from the sequence (or SQLite's rowid) row by row in the order of
 * its VALUES, so the returned ids, sorted, are the rows' in order.
 */
export async function insertComments(db: Db, rows: readonly Insertable<CommentsTable>[]): Promise<number[]> {
  const ids: number[] = [];
  for (const slice of slicesOf(rows, 500)) {
    const inserted = await db.insertInto("comments").values(slice).returning("id").execute();
    ids.push(...inserted.map((row) => row.id).sort((a, b) => a - b));
  }
  const threadStarts = ids.filter((_id, index) => rows[index]?.thread_id === null);
  for (const slice of slicesOf(threadStarts, 500)) {
    await db
      .updateTable("comments")
      .set((eb) => ({ thread_id: eb.ref("id") }))
      .where("id", "in", slice)
      .execute();
  }
  return ids;
}

/** The depth and thread of each of these comments, for replies to them. */
export async function findCommentPlaces(db: Db, ids: readonly number[]) {
  const places = new Map<number, { depth: number; threadId: number }>();
  for (const slice of slicesOf([...new Set(ids)], 500)) {
    const rows = await db
      .selectFrom("comments")
      .select(["id", "depth", "thread_id"])
      .where("id", "in", slice)
      .execute();
    for (const row of rows) places.set(row.id, { depth: row.depth, threadId: row.thread_id ?? row.id });
  }
  return places;
}

/** What moderation needs to know about a commenter's earlier comments, by address and by account. */
export async function commenterHistory(db: Db, who: { email: string; authorKey: string }) {
  const statuses = async (column: "author_email" | "author_key", value: string) =>
    (
      await db
        .selectFrom("comments")
        .select("status")
        .distinct()
        .where(column, "=", value)
        .where("status", "in", ["approved", "spam"])
        .execute()
    ).map((row) => row.status);
  const seen = new Set([
    ...(await statuses("author_email", who.email)),
    ...(await statuses("author_key", who.authorKey)),
  ]);
  return { hadSpam: seen.has("spam"), hadApproved: seen.has("approved") };
}

export async function isBanned(db: Db, subjects: readonly string[]): Promise<boolean> {
  const row = await db
    .selectFrom("comment_bans")
    .select("subject")
    .where("subject", "in", [...subjects])
    .executeTakeFirst();
  return row !== undefined;
}

export async function addBan(db: Db, subject: string, now: number): Promise<void> {
  await db
    .insertInto("comment_bans")
    .values({ subject, created_at: now })
    .onConflict((conflict) => conflict.column("subject").doNothing())
    .execute();
}

/**
 * The threads (top-level ids) with approved comments on one page, and the first of the next page if
 * there is one (so the caller knows without counting them all).
 */
export async function listThreadIds(
  db: Db,
  articleId: number,
  query: { order: CommentOrder; page: number },
): Promise<number[]> {
  const rows = await threadIdsIn[query.order](db, { articleId, offset: (query.page - 1) * THREADS_PER_PAGE });
  return rows.flatMap((row) => (row.thread_id === null ? [] : [row.thread_id]));
}

const threadIdsInOrder = (order: CommentOrder) =>
  reusableQuery((db: Db) =>
    db
      .selectFrom("comments")
      .select("thread_id")
      .distinct()
      .where("article_id", "=", numberSlot("articleId"))
      .where("status", "=", "approved")
      .orderBy("thread_id", order === "oldest" ? "asc" : "desc")
      .limit(fixedLimit(THREADS_PER_PAGE + 1))
      .offset(numberSlot("offset")),
  );
const threadIdsIn: Record<CommentOrder, ReturnType<typeof threadIdsInOrder>> = {
  oldest: threadIdsInOrder("oldest"),
  newest: threadIdsInOrder("newest"),
};

/** How many threads come before this one in the given order (to find the page it is on). */
export async function countThreadsBefore(db: Db, articleId: number, threadId: number, order: CommentOrder) {
  const row = await db
    .selectFrom("comments")
    .select(sql<number | string>`count(distinct thread_id)`.as("count"))
    .where("article_id", "=", articleId)
    .where("status", "=", "approved")
    .where("thread_id", order === "oldest" ? "<" : ">", threadId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Every comment of these threads, oldest first (bodies of non-public ones are not shown). */
export async function loadThreads(
  db: Db,
  articleId: number,
  threadIds: readonly number[],
): Promise<PublicCommentRow[]> {
  if (threadIds.length === 0) return [];
  return commentsOfThreads(db, threadIds, { articleId });
}

const commentsOfThreads = reusableListQuery((db: Db, threadIds) =>
  db
    .selectFrom("comments")
    .select(PUBLIC_COLUMNS)
    .where("article_id", "=", numberSlot("articleId"))
    .where("status", "in", ["approved", "pending", "spam", "removed"])
    .where("thread_id", "in", threadIds)
    .orderBy("created_at")
    .orderBy("id"),
);

export interface CommentCounter {
  approved: number;
  version: number;
}

export async function readCounter(db: Db, articleId: number): Promise<CommentCounter> {
  const [row] = await counterOf(db, { articleId });
  return row ?? { approved: 0, version: 0 };
}

const counterOf = reusableQuery((db: Db) =>
  db
    .selectFrom("comment_counters")
    .select(["approved", "version"])
    .where("article_id", "=", numberSlot("articleId")),
);

/** Approved comments per article, for list pages. */
export async function approvedCounts(db: Db, articleIds: readonly number[]): Promise<Map<number, number>> {
  if (articleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("comment_counters")
    .select(["article_id", "approved"])
    .where("article_id", "in", [...articleIds])
    .execute();
  return new Map(rows.map((row) => [row.article_id, row.approved]));
}

/** Changes every comment one reader wrote, and refreshes the public threads their approved ones stand in. */
export async function updateReaderComments(
  db: Db,
  readerId: number,
  changes: Updateable<CommentsTable>,
): Promise<void> {
  const rows = await db
    .selectFrom("comments")
    .select(["article_id", "status"])
    .where("reader_id", "=", readerId)
    .execute();
  await db.updateTable("comments").set(changes).where("reader_id", "=", readerId).execute();
  await publicThreadsChanged(
    db,
    rows.filter((row) => row.status === "approved").map((row) => row.article_id),
  );
}

/**
 * After any change to what is public in these articles' threads: recounts their approved comments
 * from the rows, moves their thread version on and marks public content changed. Call it in the
 * transaction that made the change.
 */
export async function publicThreadsChanged(db: Db, articleIds: readonly number[]): Promise<void> {
  for (const ids of slicesOf([...new Set(articleIds)], 500)) {
    const rows = await db
      .selectFrom("comments")
      .select(["article_id", (eb) => eb.fn.countAll<number | string>().as("count")])
      .where("article_id", "in", ids)
      .where("status", "=", "approved")
      .groupBy("article_id")
      .execute();
    const approved = new Map(rows.map((row) => [row.article_id, Number(row.count)]));
    await db
      .insertInto("comment_counters")
      .values(ids.map((id) => ({ article_id: id, approved: approved.get(id) ?? 0, version: 1 })))
      .onConflict((conflict) =>
        conflict.column("article_id").doUpdateSet((eb) => ({
          approved: eb.ref("excluded.approved"),
          version: sql`comment_counters.version + 1`,
        })),
      )
      .execute();
  }
  if (articleIds.length > 0) await markContentChanged(db);
}

/** A commenter's own comments on an article that the page shows them: held ones and ones still editable. */
export async function listOwnComments(db: Db, authorKey: string, articleId: number, editableSince: number) {
  return db
    .selectFrom("comments")
    .selectAll()
    .where("author_key", "=", authorKey)
    .where("article_id", "=", articleId)
    .where((eb) =>
      eb.or([
        eb("status", "=", "pending"),
        eb.and([eb("status", "=", "approved"), eb("created_at", ">", editableSince)]),
      ]),
    )
    .orderBy("created_at")
    .limit(50)
    .execute();
}

export async function updateCommentStatus(
  db: Db,
  ids: readonly number[],
  status: CommentStatus,
  reason: string | null,
) {
  if (ids.length === 0) return;
  await db
    .updateTable("comments")
    .set({ status, held_reason: reason })
    .where("id", "in", [...ids])
    .execute();
}

export type QueueView = "pending" | "reported" | "spam" | "approved";

/**
 * The moderation queue: held comments (oldest first), reported ones (most reports first), spam or
 * published ones (newest first, so editors can find any comment to edit or remove).
 */
export async function listQueue(db: Db, view: QueueView, limit: number): Promise<CommentRow[]> {
  let query = db.selectFrom("comments").selectAll();
  if (view === "spam" || view === "approved")
    query = query.where("status", "=", view).orderBy("created_at", "desc");
  else if (view === "pending") query = query.where("status", "=", "pending").orderBy("created_at", "asc");
  else
    query = query
      .where("status", "in", ["pending", "approved"])
      .where("flags", ">", 0)
      .orderBy("flags", "desc");
  return query.orderBy("id").limit(limit).execute();
}

/** Records one reader's report; true when it is new (each reader reports a comment once). */
export async function addFlag(db: Db, commentId: number, flaggerKey: string, now: number): Promise<boolean> {
  const inserted = await db
    .insertInto("comment_flags")
    .values({ comment_id: commentId, flagger_key: flaggerKey, created_at: now })
    .onConflict((conflict) => conflict.columns(["comment_id", "flagger_key"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return false;
  await db.updateTable("comments").set({ flags: sql`flags + 1` }).where("id", "=", commentId).execute();
  return true;
}

/** Approved comments posted per day (UTC) in [from, to), for the dashboard. */
export const countCommentsPerDay = (db: Db, range: { from: number; to: number }) =>
  countPerDay(db.selectFrom("comments").where("status", "=", "approved"), "created_at", range);

export const commentsPerDay: DailySeries = {
  id: "comments",
  label: "Reader comments (published)",
  unit: "comments",
  load: countCommentsPerDay,
};
