import { markContentChanged } from "../../storage/content-version.js";
import type { Db } from "../../storage/storage.js";
import { requirePermission } from "../accounts/roles.js";
import type { StaffUser } from "../accounts/user.js";

/**
 * The front page's pinned stories (decision 0044): the newest pin leads the home page, older pins come
 * first among its top stories; a pin stays until staff remove it. Pinning changes what public pages show,
 * so it moves the content version and cached pages are rendered again.
 */
export async function pinArticle(db: Db, staff: StaffUser, articleId: number, now: number): Promise<void> {
  requirePermission(staff.role, { kind: "article.pin" });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("article_pins")
      .values({ article_id: articleId, pinned_at: now })
      .onConflict((conflict) => conflict.column("article_id").doUpdateSet({ pinned_at: now }))
      .execute();
    await markContentChanged(trx);
  });
}

export async function unpinArticle(db: Db, staff: StaffUser, articleId: number): Promise<void> {
  requirePermission(staff.role, { kind: "article.pin" });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("article_pins").where("article_id", "=", articleId).execute();
    await markContentChanged(trx);
  });
}

export async function isPinned(db: Db, articleId: number): Promise<boolean> {
  const row = await db
    .selectFrom("article_pins")
    .select("article_id")
    .where("article_id", "=", articleId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The ids of the most recently pinned stories, newest pin first, read through the `pinned_at` index;
 * a pinned draft or page simply is not found by the visible-article query that follows.
 */
export async function pinnedArticleIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom("article_pins")
    .select("article_id")
    .orderBy("pinned_at", "desc")
    .orderBy("article_id", "desc")
    .limit(limit)
    .execute();
  return rows.map((row) => row.article_id);
}
