import { isSlug } from "../../core/slug.js";
import type { AppContext } from "../../http/context.js";
import { redirectToLowercaseSlug } from "../../http/lowercase-slug.js";
import { sendCachedDocument } from "../../http/page-response.js";
import type { Router } from "../../http/schemas.js";
import type { Db } from "../../storage/storage.js";
import { listPublishedArticles } from "../articles/article.queries.js";
import type { ListFilter } from "../articles/article.repository.js";
import { findAuthorBySlug } from "../authors/author.repository.js";
import { findCategoryBySlug, findTagBySlug } from "../taxonomy/taxonomy.repository.js";
import {
  FEED_FORMATS,
  FEED_LENGTH,
  FEED_RENDERERS,
  type FeedFormat,
  type FeedScope,
  feedLastModified,
} from "./feed.js";

interface ScopedFeed {
  scope: FeedScope;
  filter: ListFilter;
}

type SectionKind = "category" | "tag" | "author";

/** The feed of one category, tag or author, or undefined when there is none at this slug. */
async function findSection(db: Db, kind: SectionKind, slug: string): Promise<ScopedFeed | undefined> {
  const base = { basePath: `/${kind}/${slug}`, pagePath: `/${kind}/${slug}/` };
  if (kind === "category") {
    const category = await findCategoryBySlug(db, slug);
    return (
      category && {
        scope: { ...base, name: category.name, description: category.description },
        filter: { categoryId: category.id },
      }
    );
  }
  if (kind === "tag") {
    const tag = await findTagBySlug(db, slug);
    return tag && { scope: { ...base, name: `#${tag.name}` }, filter: { tagId: tag.id } };
  }
  const author = await findAuthorBySlug(db, slug);
  return (
    author && {
      scope: { ...base, name: author.name, description: author.bio },
      filter: { authorId: author.id },
    }
  );
}

const SITE_FEED: ScopedFeed = { scope: { basePath: "", pagePath: "/" }, filter: {} };

/**
 * RSS 2.0, Atom and JSON Feed 1.1 for the site and for every category, tag and author: the newest
 * articles, rendered once per content version through the page cache, with ETag and Last-Modified.
 */
export async function feedRoutes(app: Router, ctx: AppContext): Promise<void> {
  async function serve(format: FeedFormat, cacheKey: string, find: () => Promise<ScopedFeed | undefined>) {
    return ctx.pageCache.get(`feed:${format}:${cacheKey}`, async () => {
      const [found, chrome] = await Promise.all([find(), ctx.loadChrome()]);
      if (!found) return null;
      const articles = await listPublishedArticles(ctx.storage.db, {
        now: ctx.clock(),
        limit: FEED_LENGTH,
        offset: 0,
        filter: found.filter,
      });
      const latest = articles.slice(0, FEED_LENGTH);
      const body = FEED_RENDERERS[format]({
        siteUrl: chrome.siteUrl,
        settings: chrome.settings,
        faviconUrl: chrome.assetUrl("favicon.svg"),
        scope: found.scope,
        articles: latest,
      });
      return { body, lastModified: feedLastModified(latest) };
    });
  }

  for (const [format, { file, contentType }] of Object.entries(FEED_FORMATS) as [
    FeedFormat,
    (typeof FEED_FORMATS)[FeedFormat],
  ][]) {
    app.get(`/${file}`, async (request, reply) => {
      const feed = await serve(format, "site", async () => SITE_FEED);
      return sendCachedDocument(request, reply, feed, { contentType });
    });
    for (const kind of ["category", "tag", "author"] as const) {
      app.get<{ Params: { slug: string } }>(`/${kind}/:slug/${file}`, async (request, reply) => {
        const { slug } = request.params;
        if (!isSlug(slug)) {
          return redirectToLowercaseSlug(
            request,
            reply,
            slug,
            (lower) => `/${kind}/${lower}/${file}`,
            "Feed",
          );
        }
        const feed = await serve(format, `${kind}/${slug}`, () => findSection(ctx.storage.db, kind, slug));
        return sendCachedDocument(request, reply, feed, { contentType });
      });
    }
  }
}
