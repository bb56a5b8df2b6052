import { listArticles } from "../features/articles/article.queries.js";
import type { Router } from "../http/schemas.js";
import type { Db } from "../storage/storage.js";

/**
 * Serves the pages readers arrive on once, before the server listens: the home page and the newest
 * article with its vote counts. The first real request then finds the code compiled and the pages
 * cached instead of paying for both. It reads one page of the archive, whatever its size.
 */
export async function warmUpPages(app: Router, db: Db, now: number): Promise<void> {
  await app.inject({ url: "/" });
  const [newest] = (await listArticles(db, { now, page: 1, perPage: 1 })).items;
  if (!newest) return;
  await app.inject({ url: `/${newest.slug}/` });
  await app.inject({ url: `/api/v1/articles/${newest.slug}/votes` });
}
