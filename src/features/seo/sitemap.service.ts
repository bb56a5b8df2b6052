import type { Db } from "../../storage/storage.js";
import { absoluteUrl } from "../../views/urls.js";
import {
  renderSitemapIndex,
  renderUrlSet,
  SITEMAP_TYPES,
  SITEMAP_URLS_PER_FILE,
  type SitemapType,
  sitemapFileNames,
} from "./sitemap.js";
import { SITEMAP_SOURCES } from "./sitemap.queries.js";

export interface SitemapOptions {
  siteUrl: string;
  now: number;
  /** URLs per file: SITEMAP_URLS_PER_FILE, smaller in tests. */
  perFile?: number;
}

/** The index of every sitemap file, each type split into files of `perFile` URLs. */
export async function buildSitemapIndex(db: Db, options: SitemapOptions): Promise<string> {
  const counts = await Promise.all(SITEMAP_TYPES.map((type) => SITEMAP_SOURCES[type].count(db, options.now)));
  const names = sitemapFileNames(
    Object.fromEntries(SITEMAP_TYPES.map((type, i) => [type, counts[i] ?? 0])) as Record<SitemapType, number>,
    options.perFile,
  );
  return renderSitemapIndex(names.map((name) => ({ loc: absoluteUrl(options.siteUrl, `/${name}`) })));
}

/** One sitemap file, or null past the last one (a sitemap may not be empty). */
export async function buildSitemapFile(
  db: Db,
  file: { type: SitemapType; page: number },
  options: SitemapOptions,
): Promise<string | null> {
  const perFile = options.perFile ?? SITEMAP_URLS_PER_FILE;
  const paths = await SITEMAP_SOURCES[file.type].page(db, {
    now: options.now,
    limit: perFile,
    offset: (file.page - 1) * perFile,
  });
  if (paths.length === 0) return null;
  return renderUrlSet(
    paths.map((entry) => ({ loc: absoluteUrl(options.siteUrl, entry.path), lastmod: entry.lastmod })),
  );
}
