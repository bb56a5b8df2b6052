import type { Db } from "../../storage/storage.js";
import { countVisibleArticles, listVisibleArticleLocations } from "../articles/article.repository.js";
import { listAuthorSlugs } from "../authors/author.repository.js";
import { countTags, listCategories, listTagSlugs } from "../taxonomy/taxonomy.repository.js";
import type { SitemapType } from "./sitemap.js";

/** A sitemap entry before the site's address is put in front of its path. */
export interface SitemapPath {
  path: string;
  lastmod?: number;
}

/** Loads the URLs of each type, a file (`perFile` URLs) at a time, and counts them for the index. */
export interface SitemapSource {
  count(db: Db, now: number): Promise<number>;
  page(db: Db, query: { now: number; limit: number; offset: number }): Promise<SitemapPath[]>;
}

const wholeList = <T>(list: (db: Db) => Promise<T[]>, toPath: (item: T) => string): SitemapSource => ({
  count: async (db) => (await list(db)).length,
  page: async (db, { limit, offset }) =>
    (await list(db)).slice(offset, offset + limit).map((item) => ({ path: toPath(item) })),
});

export const SITEMAP_SOURCES: Record<SitemapType, SitemapSource> = {
  // The home page changes whenever an article appears.
  pages: {
    count: async () => 1,
    page: async (db, { now }) => {
      const [newest] = await listVisibleArticleLocations(db, { now, limit: 1, offset: 0 });
      return [{ path: "/", lastmod: newest?.updatedAt }];
    },
  },
  articles: {
    count: (db, now) => countVisibleArticles(db, now),
    page: async (db, query) =>
      (await listVisibleArticleLocations(db, query)).map((article) => ({
        path: `/${article.slug}/`,
        lastmod: article.updatedAt,
      })),
  },
  categories: wholeList(listCategories, (category) => `/category/${category.slug}/`),
  tags: {
    count: (db) => countTags(db),
    page: async (db, query) => (await listTagSlugs(db, query)).map((slug) => ({ path: `/tag/${slug}/` })),
  },
  authors: wholeList(listAuthorSlugs, (slug) => `/author/${slug}/`),
};
