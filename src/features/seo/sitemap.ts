/**
 * The sitemaps.org limit: at most 50,000 URLs per sitemap file and sitemaps per index. With
 * SITEMAP_URLS_PER_FILE an index stays under it up to 50 million URLs.
 */
export const SITEMAP_LIMIT = 50_000;

/**
 * URLs per sitemap file: Yoast's figure (WordPress core uses 2,000). A full file of 50,000 was a
 * 5 MB body to render, keep and send for each crawler's request; 1,000 are about 100 kB (decision 0051).
 */
export const SITEMAP_URLS_PER_FILE = 1_000;

export const SITEMAP_TYPES = ["pages", "articles", "categories", "tags", "authors"] as const;
export type SitemapType = (typeof SITEMAP_TYPES)[number];

export interface SitemapUrl {
  loc: string;
  lastmod?: number;
}

const sitemapFileName = (type: SitemapType, page: number) => `sitemap-${type}-${page}.xml`;

/**
 * The files the index lists, type after type, for `counts` URLs of each: none for a type without
 * any, since a sitemap may not be empty. Past SITEMAP_LIMIT files (50 million URLs) the rest are left
 * out, rather than the whole index made invalid.
 */
export function sitemapFileNames(
  counts: Record<SitemapType, number>,
  perFile = SITEMAP_URLS_PER_FILE,
): string[] {
  return SITEMAP_TYPES.flatMap((type) =>
    Array.from({ length: Math.ceil(counts[type] / perFile) }, (_, i) => sitemapFileName(type, i + 1)),
  ).slice(0, SITEMAP_LIMIT);
}

const XML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);

const NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9";

function element(name: string, entry: SitemapUrl): string {
  const lastmod =
    entry.lastmod === undefined ? "" : `<lastmod>${new Date(entry.lastmod).toISOString()}</lastmod>`;
  return `<${name}><loc>${escapeXml(entry.loc)}</loc>${lastmod}</${name}>`;
}

/** A `<urlset>`: every value is escaped; the markup is fixed, so an escaper is all XML writing needs. */
export function renderUrlSet(urls: readonly SitemapUrl[]): string {
  const body = urls.map((url) => element("url", url)).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${NAMESPACE}">\n${body}\n</urlset>\n`;
}

export function renderSitemapIndex(sitemaps: readonly SitemapUrl[]): string {
  const body = sitemaps.map((sitemap) => element("sitemap", sitemap)).join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${NAMESPACE}">\n${body}\n</sitemapindex>\n`;
}

/** robots.txt: everything but the staff area may be crawled; the sitemap index says where to start. */
export const renderRobots = (siteUrl: string) =>
  `User-agent: *\nDisallow: /admin/\n\nSitemap: ${siteUrl}/sitemap.xml\n`;
