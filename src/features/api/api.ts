import { absoluteHtml, absoluteUrl } from "../../views/urls.js";
import type { ArticleSummary } from "../articles/article.js";
import type { PublishedArticle } from "../articles/article.queries.js";
import { articlePath } from "../articles/views/article-card.js";
import type { ApiArticle, ArticleField } from "./api.schemas.js";

const isoDate = (epochMs: number) => new Date(epochMs).toISOString();

const term = (
  siteUrl: string,
  kind: "category" | "tag" | "author",
  item: { slug: string; name: string },
) => ({
  slug: item.slug,
  name: item.name,
  url: absoluteUrl(siteUrl, `/${kind}/${item.slug}/`),
});

/** An article as the API shows it, with only the fields asked for. */
export function toApiArticle(
  siteUrl: string,
  entry: PublishedArticle,
  fields: readonly ArticleField[],
): ApiArticle {
  const { article } = entry;
  const all: Required<ApiArticle> = {
    id: article.id,
    slug: article.slug,
    url: absoluteUrl(siteUrl, articlePath(article.slug)),
    title: article.title,
    standfirst: article.standfirst,
    bodyHtml: absoluteHtml(article.bodyHtml, siteUrl),
    publishedAt: isoDate(article.publishedAt),
    updatedAt: isoDate(article.updatedAt),
    image: article.image ? { ...article.image, url: absoluteUrl(siteUrl, article.image.url) } : null,
    categories: entry.categories.map((category) => term(siteUrl, "category", category)),
    tags: entry.tags.map((tag) => term(siteUrl, "tag", tag)),
    authors: entry.authors.map((author) => term(siteUrl, "author", author)),
  };
  return Object.fromEntries(fields.map((field) => [field, all[field]]));
}

/** A search result's article: what a list card shows. */
export function summaryToApiArticle(siteUrl: string, summary: ArticleSummary): ApiArticle {
  return {
    id: summary.id,
    slug: summary.slug,
    url: absoluteUrl(siteUrl, articlePath(summary.slug)),
    title: summary.title,
    standfirst: summary.standfirst,
    publishedAt: isoDate(summary.publishedAt),
    image: summary.image ? { ...summary.image, url: absoluteUrl(siteUrl, summary.image.url) } : null,
    categories: summary.primaryCategory ? [term(siteUrl, "category", summary.primaryCategory)] : [],
    authors: summary.authors.map((author) => term(siteUrl, "author", author)),
  };
}

/** `fields=a,b` as a list; the schema has already checked every name. */
export const parseFields = (fields: string | undefined, fallback: readonly ArticleField[]) =>
  fields ? ([...new Set(fields.split(","))] as ArticleField[]) : fallback;

/** Cursors are "publishedAt.id" of the last article shown: stable while new articles arrive. */
export const encodeCursor = (article: { publishedAt: number; id: number }) =>
  `${article.publishedAt}.${article.id}`;

export function decodeCursor(cursor: string): { publishedAt: number; id: number } {
  const [publishedAt, id] = cursor.split(".").map(Number);
  return { publishedAt: publishedAt ?? 0, id: id ?? 0 };
}
