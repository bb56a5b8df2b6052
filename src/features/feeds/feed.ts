import { Feed, type Item } from "feed";
import { absoluteHtml, absoluteUrl, imageType } from "../../views/urls.js";
import type { PublishedArticle } from "../articles/article.queries.js";
import { articlePath } from "../articles/views/article-card.js";
import type { SiteSettings } from "../settings/settings.js";
import { renderRssDocument } from "./rss.js";

export const FEED_LENGTH = 20;

/** The three formats, each at its own file name under a feed's base path. */
export const FEED_FORMATS = {
  rss: { file: "rss.xml", contentType: "application/rss+xml; charset=utf-8" },
  atom: { file: "atom.xml", contentType: "application/atom+xml; charset=utf-8" },
  json: { file: "feed.json", contentType: "application/feed+json; charset=utf-8" },
} as const;
export type FeedFormat = keyof typeof FEED_FORMATS;

/** Which articles a feed carries: the whole site, or one section of it. */
export interface FeedScope {
  /** "" for the site, or e.g. "/category/politics" — the feed files live under it. */
  basePath: string;
  /** The HTML page the feed mirrors, e.g. "/category/politics/". */
  pagePath: string;
  /** Shown after the site's title, e.g. "Politics"; none for the site's own feed. */
  name?: string;
  description?: string;
}

export interface FeedSource {
  siteUrl: string;
  settings: Pick<SiteSettings, "title" | "description" | "language" | "logoUrl" | "feedContent">;
  faviconUrl: string;
  scope: FeedScope;
  articles: PublishedArticle[];
}

export const feedPath = (scope: Pick<FeedScope, "basePath">, format: FeedFormat) =>
  `${scope.basePath}/${FEED_FORMATS[format].file}`;

/** When anything in the feed last changed: its newest update, or undefined for an empty feed. */
export const feedLastModified = (articles: readonly PublishedArticle[]) =>
  articles.length === 0 ? undefined : Math.max(...articles.map(({ article }) => article.updatedAt));

/**
 * A stable entry id (RFC 4151 tag URI) that survives slug changes, so feed readers do not show a
 * renamed article twice.
 */
export function entryId(siteUrl: string, article: { id: number; createdAt: number }) {
  const day = new Date(article.createdAt).toISOString().slice(0, 10);
  return `tag:${new URL(siteUrl).hostname},${day}:article/${article.id}`;
}

const escapeText = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const feedTitle = (source: FeedSource) =>
  source.scope.name ? `${source.settings.title} – ${source.scope.name}` : source.settings.title;

/** `htmlTitles`: Atom entries here declare their titles as HTML (the library's choice), so they are escaped. */
function itemOf(source: FeedSource, entry: PublishedArticle, htmlTitles = false): Item {
  const { siteUrl } = source;
  const { article } = entry;
  const full = source.settings.feedContent === "full";
  return {
    title: htmlTitles ? escapeText(article.title) : article.title,
    id: entryId(siteUrl, article),
    link: absoluteUrl(siteUrl, articlePath(article.slug)),
    date: new Date(article.updatedAt),
    published: new Date(article.publishedAt),
    // Feed readers treat both as HTML; the standfirst is plain text.
    description: article.standfirst ? escapeText(article.standfirst) : undefined,
    content: full ? absoluteHtml(article.bodyHtml, siteUrl) : undefined,
    author: entry.authors.map((author) => ({
      name: author.name,
      link: absoluteUrl(siteUrl, `/author/${author.slug}/`),
    })),
    category: [
      ...entry.categories.map((category) => ({
        name: category.name,
        term: category.slug,
        domain: absoluteUrl(siteUrl, "/category/"),
        scheme: absoluteUrl(siteUrl, "/category/"),
      })),
      ...entry.tags.map((tag) => ({
        name: tag.name,
        term: tag.slug,
        domain: absoluteUrl(siteUrl, "/tag/"),
        scheme: absoluteUrl(siteUrl, "/tag/"),
      })),
    ],
    // The feed library would guess "image/jpg" from the extension; the size in bytes is unknown (0).
    enclosure: article.image
      ? { url: absoluteUrl(siteUrl, article.image.url), type: imageType(article.image.url), length: 0 }
      : undefined,
  };
}

/** What every format says about the feed itself. */
function channelOf(source: FeedSource) {
  const { siteUrl, settings, scope } = source;
  return {
    title: feedTitle(source),
    link: absoluteUrl(siteUrl, scope.pagePath),
    description: scope.description || settings.description || undefined,
    language: settings.language,
    image: settings.logoUrl ? absoluteUrl(siteUrl, settings.logoUrl) : undefined,
    favicon: absoluteUrl(siteUrl, source.faviconUrl),
    copyright: `© ${settings.title}`,
    updated: new Date(feedLastModified(source.articles) ?? 0),
  };
}

function buildFeed(source: FeedSource, htmlTitles = false): Feed {
  const { siteUrl, scope } = source;
  const channel = channelOf(source);
  const feed = new Feed({
    ...channel,
    id: channel.link,
    generator: "Masthead",
    feedLinks: {
      rss: absoluteUrl(siteUrl, feedPath(scope, "rss")),
      atom: absoluteUrl(siteUrl, feedPath(scope, "atom")),
      json: absoluteUrl(siteUrl, feedPath(scope, "json")),
    },
  });
  for (const entry of source.articles) feed.addItem(itemOf(source, entry, htmlTitles));
  return feed;
}

export function renderRss(source: FeedSource): string {
  const channel = channelOf(source);
  return renderRssDocument(
    {
      ...channel,
      // RSS requires a description; the title stands in when the site or section has none.
      description: channel.description ?? channel.title,
      selfUrl: absoluteUrl(source.siteUrl, feedPath(source.scope, "rss")),
    },
    source.articles.map((entry) => itemOf(source, entry)),
  );
}
export const renderAtom = (source: FeedSource) => buildFeed(source, true).atom1();

/**
 * JSON Feed 1.1 (https://jsonfeed.org/version/1.1). The feed library writes version 1 with a single
 * `author`; 1.1 replaced it with `authors` and added `language`, so this one is built from the same
 * items as a plain object.
 */
export function renderJsonFeed(source: FeedSource): string {
  const { siteUrl, scope } = source;
  const channel = channelOf(source);
  const items = source.articles.map((entry) => {
    const item = itemOf(source, entry);
    return {
      id: item.id,
      url: item.link,
      title: item.title,
      ...(item.content ? { content_html: item.content } : { content_text: entry.article.standfirst }),
      summary: entry.article.standfirst || undefined,
      image: item.enclosure?.url,
      date_published: item.published?.toISOString(),
      date_modified: item.date.toISOString(),
      authors: item.author?.map((author) => ({ name: author.name, url: author.link })),
      tags: [...entry.categories, ...entry.tags].map((term) => term.name),
    };
  });
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title: channel.title,
    home_page_url: channel.link,
    feed_url: absoluteUrl(siteUrl, feedPath(scope, "json")),
    description: channel.description,
    icon: channel.image,
    favicon: channel.favicon,
    language: channel.language,
    items,
  });
}

export const FEED_RENDERERS: Record<FeedFormat, (source: FeedSource) => string> = {
  rss: renderRss,
  atom: renderAtom,
  json: renderJsonFeed,
};
