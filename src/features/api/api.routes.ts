import fastifyCompress from "@fastify/compress";
import fastifyCors from "@fastify/cors";
import fastifyEtag from "@fastify/etag";
import { notFound } from "../../core/errors.js";
import { isSlug } from "../../core/slug.js";
import { API_PREFIX, ArticleSlugParams, errorResponses, notModified } from "../../http/api-contract.js";
import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import { absoluteUrl } from "../../views/urls.js";
import { findPublishedArticle, listPublishedArticles } from "../articles/article.queries.js";
import { countMatchingArticles, type ListFilter } from "../articles/article.repository.js";
import { listAuthors } from "../authors/author.repository.js";
import { resolveSearchFilter, unknownFilterMessage } from "../search/search.filter.js";
import { searchArticles } from "../search/search.service.js";
import { listCategories, listTags } from "../taxonomy/taxonomy.repository.js";
import { decodeCursor, encodeCursor, parseFields, summaryToApiArticle, toApiArticle } from "./api.js";
import { pageAndCommentApiRoutes } from "./api.pages-comments.js";
import {
  ARTICLE_FIELDS,
  ArticleList,
  ArticleListQuery,
  ArticleQuery,
  AuthorList,
  CategoryList,
  LIST_FIELDS,
  OneArticle,
  PagedTermList,
  SearchApiQuery,
  SearchApiResults,
  TagListQuery,
} from "./api.schemas.js";

const TAGS_PER_PAGE = 100;
const unknownSections = { 404: "No category, tag or author has the slug given." };

/** An unknown section in a filter is the caller's mistake, said as such rather than an empty list. */
const unknownSection = (message: string) => notFound("Section", message);

/**
 * The read-only Content API under /api/v1: published articles, sections and search, as JSON that
 * any site may read (CORS for GET), with ETags so unchanged answers cost a 304.
 */
export async function contentApiRoutes(app: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const { siteUrl } = ctx.config;

  await app.register(
    async (api: Router) => {
      // In this scope only: the votes API, which uses the reader's cookie, stays same-origin.
      await api.register(fastifyCors, {
        origin: "*",
        methods: ["GET", "HEAD"],
        exposedHeaders: ["ETag"],
        maxAge: 86_400,
      });
      // Weak tags: one tag for the JSON, whichever encoding carries it. Compression after the tag.
      await api.register(fastifyEtag, { weak: true });
      await api.register(fastifyCompress, { encodings: ["br", "gzip"] });
      api.addHook("onSend", async (_request, reply) => {
        if (!reply.hasHeader("cache-control")) reply.header("cache-control", "no-cache");
      });

      api.get(
        "/articles",
        {
          schema: {
            tags: ["articles"],
            operationId: "listArticles",
            summary: "Published articles, newest first",
            description: "Pages with `cursor`: pass the `nextCursor` of one answer to get the next.",
            querystring: ArticleListQuery,
            response: { 200: ArticleList, ...notModified, ...errorResponses([400, 404], unknownSections) },
          },
        },
        async (request) => {
          const { query } = request;
          const resolved = await resolveSearchFilter(db, query);
          if ("unknown" in resolved) throw unknownSection(unknownFilterMessage(resolved.unknown));
          const { categoryId, tagId, authorId } = resolved.filter;
          const sections: ListFilter[] = [
            ...(categoryId === undefined ? [] : [{ categoryId }]),
            ...(tagId === undefined ? [] : [{ tagId }]),
            ...(authorId === undefined ? [] : [{ authorId }]),
          ];
          const limit = query.limit ?? 20;
          const matching = {
            now: ctx.clock(),
            filter: sections[0] ?? {},
            alsoIn: sections.slice(1),
            publishedFrom: query.from === undefined ? undefined : Date.parse(query.from),
            publishedBefore: query.to === undefined ? undefined : Date.parse(query.to),
          };
          const [rows, total] = await Promise.all([
            listPublishedArticles(db, {
              ...matching,
              limit,
              offset: 0,
              after: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
            }),
            countMatchingArticles(db, matching),
          ]);
          const shown = rows.slice(0, limit);
          const last = shown.at(-1);
          const fields = parseFields(query.fields, LIST_FIELDS);
          return {
            data: shown.map((entry) => toApiArticle(siteUrl, entry, fields)),
            nextCursor: rows.length > limit && last ? encodeCursor(last.article) : null,
            total,
          };
        },
      );

      api.get(
        "/articles/:slug",
        {
          schema: {
            tags: ["articles"],
            operationId: "getArticle",
            summary: "One published article, with its body",
            params: ArticleSlugParams,
            querystring: ArticleQuery,
            response: {
              200: OneArticle,
              ...notModified,
              ...errorResponses([400, 404], { 404: "No published article has this slug." }),
            },
          },
        },
        async (request) => {
          const { slug } = request.params;
          const found = isSlug(slug) ? await findPublishedArticle(db, slug, ctx.clock()) : undefined;
          if (!found) throw notFound("Article");
          return toApiArticle(siteUrl, found, parseFields(request.query.fields, ARTICLE_FIELDS));
        },
      );

      api.get(
        "/categories",
        {
          schema: {
            tags: ["sections"],
            operationId: "listCategories",
            summary: "Every category",
            response: { 200: CategoryList, ...notModified },
          },
        },
        async () => ({
          data: (await listCategories(db)).map((category) => ({
            slug: category.slug,
            name: category.name,
            description: category.description,
            url: absoluteUrl(siteUrl, `/category/${category.slug}/`),
          })),
        }),
      );

      api.get(
        "/tags",
        {
          schema: {
            tags: ["sections"],
            operationId: "listTags",
            summary: `Tags by name, ${TAGS_PER_PAGE} a page`,
            querystring: TagListQuery,
            response: { 200: PagedTermList, ...notModified, ...errorResponses([400]) },
          },
        },
        async (request) => {
          const page = request.query.page ?? 1;
          const tags = await listTags(db, {
            nameContains: "",
            limit: TAGS_PER_PAGE,
            offset: (page - 1) * TAGS_PER_PAGE,
          });
          return {
            data: tags.slice(0, TAGS_PER_PAGE).map((tag) => ({
              slug: tag.slug,
              name: tag.name,
              url: absoluteUrl(siteUrl, `/tag/${tag.slug}/`),
            })),
            hasMore: tags.length > TAGS_PER_PAGE,
          };
        },
      );

      api.get(
        "/authors",
        {
          schema: {
            tags: ["sections"],
            operationId: "listAuthors",
            summary: "Every author",
            response: { 200: AuthorList, ...notModified },
          },
        },
        async () => ({
          data: (await listAuthors(db)).map((author) => ({
            slug: author.slug,
            name: author.name,
            bio: author.bio,
            url: absoluteUrl(siteUrl, `/author/${author.slug}/`),
          })),
        }),
      );

      api.get(
        "/search",
        {
          schema: {
            tags: ["search"],
            operationId: "searchArticles",
            summary: "Published articles matching all the words, best first",
            querystring: SearchApiQuery,
            response: {
              200: SearchApiResults,
              ...notModified,
              ...errorResponses([400, 404], unknownSections),
            },
          },
        },
        async (request) => {
          const { query } = request;
          const resolved = await resolveSearchFilter(db, query);
          if ("unknown" in resolved) throw unknownSection(unknownFilterMessage(resolved.unknown));
          const { settings } = await ctx.loadChrome();
          const results = await searchArticles(db, {
            query: query.q,
            filter: resolved.filter,
            page: query.page ?? 1,
            perPage: 20,
            now: ctx.clock(),
            language: settings.language,
          });
          return {
            data: results.items.map((item) => ({
              article: summaryToApiArticle(siteUrl, item.article),
              snippetHtml: item.snippetHtml,
            })),
            page: results.page,
            hasMore: results.hasNext,
          };
        },
      );

      await pageAndCommentApiRoutes(api, ctx);

      api.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
    },
    { prefix: API_PREFIX },
  );
}
