import type { Db } from "../../storage/storage.js";
import type { ArticleInput } from "./article.js";

/** How long after its last heartbeat a writer still counts as having the article open. */
export const PRESENCE_WINDOW_MS = 45_000;

export interface Autosave {
  input: ArticleInput;
  basedOnRevision: number;
  savedAt: number;
}

/**
 * Keeps the writer's latest unsaved copy of the form: one row per article and writer, replaced each time.
 * The article itself (and so the public page) is untouched until the writer saves or presses Update.
 */
export async function storeAutosave(
  db: Db,
  entry: { articleId: number; userId: number; basedOnRevision: number; input: ArticleInput; now: number },
): Promise<void> {
  const values = {
    based_on_revision: entry.basedOnRevision,
    input: JSON.stringify(entry.input),
    saved_at: entry.now,
  };
  await db
    .insertInto("article_autosaves")
    .values({ article_id: entry.articleId, user_id: entry.userId, ...values })
    .onConflict((conflict) => conflict.columns(["article_id", "user_id"]).doUpdateSet(values))
    .execute();
}

/**
 * The writer's autosaved copy, if it was made on the article's current revision: a save by anyone since
 * makes it stale (the revision-conflict rule would refuse it anyway), and the writer's own save discards it.
 */
export async function findAutosave(
  db: Db,
  articleId: number,
  userId: number,
  currentRevision: number,
): Promise<Autosave | undefined> {
  const row = await db
    .selectFrom("article_autosaves")
    .select(["input", "based_on_revision", "saved_at"])
    .where("article_id", "=", articleId)
    .where("user_id", "=", userId)
    .where("based_on_revision", ">=", currentRevision)
    .executeTakeFirst();
  return (
    row && { input: JSON.parse(row.input), basedOnRevision: row.based_on_revision, savedAt: row.saved_at }
  );
}

/** A real save made the copy unnecessary. */
export async function discardAutosave(db: Db, articleId: number, userId: number): Promise<void> {
  await db
    .deleteFrom("article_autosaves")
    .where("article_id", "=", articleId)
    .where("user_id", "=", userId)
    .execute();
}

/** Marks the writer as having the article open; answers the ids of the other staff who have it open too. */
export async function notePresence(
  db: Db,
  entry: { articleId: number; userId: number; now: number },
): Promise<number[]> {
  await db
    .insertInto("article_presence")
    .values({ article_id: entry.articleId, user_id: entry.userId, seen_at: entry.now })
    .onConflict((conflict) => conflict.columns(["article_id", "user_id"]).doUpdateSet({ seen_at: entry.now }))
    .execute();
  const others = await db
    .selectFrom("article_presence")
    .select("user_id")
    .where("article_id", "=", entry.articleId)
    .where("user_id", "<>", entry.userId)
    .where("seen_at", ">", entry.now - PRESENCE_WINDOW_MS)
    .orderBy("user_id")
    .execute();
  return others.map((row) => row.user_id);
}
