import { isSlug } from "../../core/slug.js";
import type { AppContext } from "../../http/context.js";
import { redirectToLowercaseSlug } from "../../http/lowercase-slug.js";
import { sendPage } from "../../http/page-response.js";
import { PageQuery, pageNumber, type Router, SlugParams } from "../../http/schemas.js";
import type { I18n } from "../../i18n/i18n.js";
import type { Db } from "../../storage/storage.js";
import { jsonLd, webSiteData } from "../../views/json-ld.js";
import { type Child, type Html, h, renderDocument } from "../../views/jsx.js";
import type { SiteChrome } from "../../views/site.js";
import { findAuthorBySlug } from "../authors/author.repository.js";
import { findCategoryBySlug, findMovedSlug, findTagBySlug } from "../taxonomy/taxonomy.repository.js";
import type { ArticleSummary } from "./article.js";
import { ListPositions } from "./article.positions.js";
import { type ArticlePage, listArticles } from "./article.queries.js";
import type { ListFilter } from "./article.repository.js";
import { ArticleListPage, type ListHeading } from "./views/article-list.js";

interface Section {
  heading: ListHeading;
  filter: ListFilter;
  head?: Child;
  footer?: Child;
  /** The first page's own arrangement (the home page's), given that page of the list. */
  front?: (list: ArticlePage) => Promise<Html>;
}

/** The section at a slug, or the slug it was renamed to (answered with a 301), or nothing. */
type Found = Section | { movedTo: string } | undefined;
type SectionFinder = (db: Db, slug: string) => Promise<Found>;

const moved = (slug: string | undefined) => (slug === undefined ? undefined : { movedTo: slug });

const sections: Record<string, SectionFinder> = {
  category: async (db, slug) => {
    const category = await findCategoryBySlug(db, slug);
    if (!category) return moved(await findMovedSlug(db, "category", slug));
    return {
      heading: {
        title: category.name,
        description: category.description,
        path: `/category/${slug}/`,
        kicker: "list.kicker.section",
        feed: { title: category.name, basePath: `/category/${slug}` },
      },
      filter: { categoryId: category.id },
    };
  },
  tag: async (db, slug) => {
    const tag = await findTagBySlug(db, slug);
    if (!tag) return moved(await findMovedSlug(db, "tag", slug));
    return {
      heading: {
        title: `#${tag.name}`,
        path: `/tag/${slug}/`,
        kicker: "list.kicker.tag",
        feed: { title: `#${tag.name}`, basePath: `/tag/${slug}` },
      },
      filter: { tagId: tag.id },
    };
  },
  author: async (db, slug) => {
    const author = await findAuthorBySlug(db, slug);
    return (
      author && {
        heading: {
          title: author.name,
          description: author.bio,
          path: `/author/${slug}/`,
          kicker: "list.kicker.author",
          feed: { title: author.name, basePath: `/author/${slug}` },
        },
        filter: { authorId: author.id },
      }
    );
  },
};

/**
 * What other features add under each card of a list (the comment count), given the listed ids; wired
 * in app.ts so this feature does not depend on theirs.
 */
export type CardNotes = (
  db: Db,
  i18n: I18n,
  articles: readonly ArticleSummary[],
) => Promise<Map<number, Child>>;

/**
 * The home page's first page, composed in src/pages from other features' parts (pins, sections, vote
 * rankings, the newsletter sign-up) and wired in app.ts; it is cached like every list page, and
 * rendered again at least every `freshForMs` for the parts that change without a content write (votes).
 */
export interface FrontPage {
  render: (chrome: SiteChrome, latest: ArticlePage, cardNotes?: CardNotes) => Promise<Html>;
  freshForMs: number;
}

/** Renders one page of a list through the shared page cache; a page past the end is not found. */
function renderList(
  ctx: AppContext & { positions: ListPositions },
  cacheKey: string,
  page: number,
  findSection: () => Promise<Found>,
  cardNotes?: CardNotes,
) {
  return ctx.pageCache.get(cacheKey, async () => {
    const [section, chrome] = await Promise.all([findSection(), ctx.loadChrome()]);
    if (!section || "movedTo" in section) return null;
    const { postsPerPage } = chrome.settings;
    const list = await listArticles(ctx.storage.db, {
      now: ctx.clock(),
      page,
      perPage: postsPerPage,
      filter: section.filter,
      positions: ctx.positions,
    });
    if (list.items.length === 0 && page > 1) return null;
    if (page === 1 && section.front) return { body: renderDocument(await section.front(list)) };
    const notes = cardNotes ? await cardNotes(ctx.storage.db, chrome.i18n, list.items) : undefined;
    return {
      body: renderDocument(
        <ArticleListPage
          chrome={chrome}
          heading={section.heading}
          list={list}
          head={section.head}
          footer={section.footer}
          cardNote={notes && ((article) => notes.get(article.id))}
        />,
      ),
    };
  });
}

export async function articleListRoutes(
  app: Router,
  appContext: AppContext,
  cardNotes?: CardNotes,
  frontPage?: FrontPage,
): Promise<void> {
  const ctx = { ...appContext, positions: new ListPositions(appContext.storage) };
  appContext.caches.register("list positions", ctx.positions.lists);
  app.get("/", { schema: { querystring: PageQuery } }, async (request, reply) => {
    const page = pageNumber(request.query);
    // The first page shows votes too, which change without a content write: its key moves on in time.
    const freshness = page === 1 && frontPage ? `&t=${Math.floor(ctx.clock() / frontPage.freshForMs)}` : "";
    const rendered = await renderList(
      ctx,
      `home?page=${page}${freshness}`,
      page,
      async () => {
        const chrome = await ctx.loadChrome();
        return {
          heading: { title: "Latest", path: "/" },
          filter: {},
          head: jsonLd(webSiteData(chrome)),
          front: frontPage && ((list) => frontPage.render(chrome, list, cardNotes)),
        };
      },
      cardNotes,
    );
    return sendPage(request, reply, rendered);
  });

  for (const [prefix, find] of Object.entries(sections)) {
    const listPath = (slug: string) => `/${prefix}/${slug}/`;
    app.get(
      `/${prefix}/:slug/`,
      { schema: { params: SlugParams, querystring: PageQuery } },
      async (request, reply) => {
        const { slug } = request.params;
        if (!isSlug(slug)) return redirectToLowercaseSlug(request, reply, slug, listPath);
        const page = pageNumber(request.query);
        const rendered = await renderList(
          ctx,
          `${prefix}/${slug}?page=${page}`,
          page,
          () => find(ctx.storage.db, slug),
          cardNotes,
        );
        if (!rendered) {
          // Not cached, as unknown slugs are not: a renamed section's old URL costs a lookup more.
          const found = await find(ctx.storage.db, slug);
          if (found && "movedTo" in found) {
            return reply.redirect(`/${prefix}/${found.movedTo}/${page > 1 ? `?page=${page}` : ""}`, 301);
          }
        }
        return sendPage(request, reply, rendered);
      },
    );
    app.get<{ Params: { slug: string } }>(`/${prefix}/:slug`, async (request, reply) => {
      const { slug } = request.params;
      if (!isSlug(slug)) return redirectToLowercaseSlug(request, reply, slug, listPath);
      return reply.redirect(listPath(slug), 301);
    });
  }
}
