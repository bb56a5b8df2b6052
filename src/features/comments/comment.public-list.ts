import type { Db } from "../../storage/storage.js";
import { visibleArticleTimes } from "../articles/article.repository.js";

export interface ListedComment {
  id: number;
  articleId: number;
  parentId: number | null;
  authorName: string | null;
  body: string;
  createdAt: number;
}

/**
 * Approved comments under articles the public may see, newest first (`limit + 1` rows), optionally of
 * one article, with their total: the Content API's comment list.
 */
export async function listApprovedComments(
  db: Db,
  query: { now: number; articleId?: number; limit: number; offset: number },
): Promise<{ rows: ListedComment[]; total: number }> {
  const approved = () => {
    let select = db
      .selectFrom("comments")
      .innerJoin(visibleArticleTimes(db, { now: query.now }).as("a"), "a.id", "comments.article_id")
      .where("comments.status", "=", "approved");
    if (query.articleId !== undefined) select = select.where("comments.article_id", "=", query.articleId);
    return select;
  };
  const [rows, count] = await Promise.all([
    approved()
      .select([
        "comments.id",
        "comments.article_id",
        "comments.parent_id",
        "comments.author_name",
        "comments.body",
        "comments.created_at",
      ])
      .orderBy("comments.created_at", "desc")
      .orderBy("comments.id", "desc")
      .limit(query.limit + 1)
      .offset(query.offset)
      .execute(),
    approved()
      .select((eb) => eb.fn.countAll<string | number>().as("count"))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((row) => ({
      id: row.id,
      articleId: row.article_id,
      parentId: row.parent_id,
      authorName: row.author_name,
      body: row.body,
      createdAt: row.created_at,
    })),
    total: Number(count.count),
  };
}
