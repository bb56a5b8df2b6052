import { slicesOf } from "../../core/paging.js";
import type { Db } from "../../storage/storage.js";
import type { ArticleInput } from "./article.js";

/** What was saved at one revision: the editor's input, with the slug and status as stored. */
export type ArticleSnapshot = ArticleInput & { slug: string };

export interface Revision {
  revision: number;
  userId: number | null;
  createdAt: number;
  snapshot: ArticleSnapshot;
}

export interface RevisionEntry {
  articleId: number;
  revision: number;
  userId: number | null;
  now: number;
  snapshot: ArticleSnapshot;
}

export const recordRevision = (db: Db, entry: RevisionEntry) => recordRevisions(db, [entry]);

/** Many articles' revisions (an import's), in multi-row statements. */
export async function recordRevisions(db: Db, entries: readonly RevisionEntry[]): Promise<void> {
  for (const slice of slicesOf(entries, 500)) {
    await db
      .insertInto("article_revisions")
      .values(
        slice.map((entry) => ({
          article_id: entry.articleId,
          revision: entry.revision,
          user_id: entry.userId,
          created_at: entry.now,
          snapshot: JSON.stringify(entry.snapshot),
        })),
      )
      .execute();
  }
}

const toRevision = (row: {
  revision: number;
  user_id: number | null;
  created_at: number;
  snapshot: string;
}) => ({
  revision: row.revision,
  userId: row.user_id,
  createdAt: row.created_at,
  snapshot: JSON.parse(row.snapshot) as ArticleSnapshot,
});

export async function listRevisions(db: Db, articleId: number): Promise<Revision[]> {
  const rows = await db
    .selectFrom("article_revisions")
    .select(["revision", "user_id", "created_at", "snapshot"])
    .where("article_id", "=", articleId)
    .orderBy("revision", "desc")
    .execute();
  return rows.map(toRevision);
}

export async function findRevision(
  db: Db,
  articleId: number,
  revision: number,
): Promise<Revision | undefined> {
  const row = await db
    .selectFrom("article_revisions")
    .select(["revision", "user_id", "created_at", "snapshot"])
    .where("article_id", "=", articleId)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return row && toRevision(row);
}
