import { performance } from "node:perf_hooks";
import { listArticles } from "../features/articles/article.queries.js";
import type { Router } from "../http/schemas.js";
import type { Db } from "../storage/storage.js";

export interface WarmUpLimits {
  /** How many of the newest articles to render. */
  articles: number;
  /** Rendering stops once this much time has gone, however many are left: start-up stays bounded. */
  budgetMs: number;
}

/**
 * The first few hundred article renders after a start run V8's unoptimised code and cost about twice
 * a settled render at p95 (decision 0058). Forty renders are enough to take the worst of that off the
 * first readers, and the newest articles are the pages readers arrive on anyway. About 100 ms at
 * 100,000 articles on a 2-core machine.
 */
export const WARM_UP_LIMITS: WarmUpLimits = { articles: 40, budgetMs: 300 };

/**
 * Serves the pages readers arrive on, before the server listens: the home page, the newest articles
 * and the newest one's vote counts. The first real requests then find the code compiled and those
 * pages cached instead of paying for both. It reads the newest page of the archive, whatever its size.
 */
export async function warmUpPages(
  app: Router,
  db: Db,
  now: number,
  limits: WarmUpLimits = WARM_UP_LIMITS,
): Promise<void> {
  await app.inject({ url: "/" });
  const { items } = await listArticles(db, { now, page: 1, perPage: limits.articles });
  const [newest] = items;
  if (!newest) return;
  await app.inject({ url: `/api/v1/articles/${newest.slug}/votes` });
  const stopAt = performance.now() + limits.budgetMs;
  for (const article of items) {
    if (performance.now() >= stopAt) return;
    await app.inject({ url: `/${article.slug}/` });
  }
}
