import { Type } from "@sinclair/typebox";
import { pageOf } from "../../core/paging.js";
import { isSlug } from "../../core/slug.js";
import { errorResponses, notModified } from "../../http/api-contract.js";
import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import { absoluteHtml, absoluteUrl } from "../../views/urls.js";
import { findPublishedArticle } from "../articles/article.queries.js";
import { findArticleTitles, listVisiblePages, toArticle } from "../articles/article.repository.js";
import { articlePath } from "../articles/views/article-card.js";
import { listApprovedComments } from "../comments/comment.public-list.js";

const PER_PAGE = 50;
const isoDate = (epochMs: number) => new Date(epochMs).toISOString();

const PageNumber = Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }));
const PagesQuery = Type.Object({ page: PageNumber }, { additionalProperties: false });
const CommentsQuery = Type.Object(
  {
    page: PageNumber,
    article: Type.Optional(
      Type.String({
        pattern: "^[a-z0-9]+(?:-[a-z0-9]+)*$",
        maxLength: 120,
        description: "An article's slug.",
      }),
    ),
  },
  { additionalProperties: false },
);
const Paging = {
  total: Type.Integer({ description: "How many items the whole list has." }),
  page: Type.Integer(),
  hasMore: Type.Boolean(),
};
const PageList = Type.Object(
  {
    data: Type.Array(
      Type.Object({
        id: Type.Integer(),
        slug: Type.String(),
        url: Type.String({ format: "uri" }),
        title: Type.String(),
        bodyHtml: Type.String({ description: "The page's body as sanitised HTML with absolute links." }),
        updatedAt: Type.String({ format: "date-time" }),
      }),
    ),
    ...Paging,
  },
  { description: "One page of published pages, with the total." },
);
const CommentList = Type.Object(
  {
    data: Type.Array(
      Type.Object({
        id: Type.Integer(),
        article: Type.Object({ slug: Type.String(), url: Type.String({ format: "uri" }) }),
        parentId: Type.Union([Type.Integer(), Type.Null()]),
        authorName: Type.Union([Type.String(), Type.Null()], {
          description: "Null once the reader deleted their data.",
        }),
        body: Type.String({ description: "Plain text." }),
        createdAt: Type.String({ format: "date-time" }),
      }),
    ),
    ...Paging,
  },
  { description: "One page of approved comments, newest first, with the total." },
);

/** `/pages` and `/comments` in the Content API's scope (same CORS, ETags and errors as its other lists). */
export async function pageAndCommentApiRoutes(api: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;
  const { siteUrl } = ctx.config;

  api.get(
    "/pages",
    {
      schema: {
        tags: ["pages"],
        operationId: "listPages",
        summary: `Published pages (About, Contact …) by title, ${PER_PAGE} a page`,
        querystring: PagesQuery,
        response: { 200: PageList, ...notModified, ...errorResponses([400]) },
      },
    },
    async (request) => {
      const page = request.query.page ?? 1;
      const { rows, total } = await listVisiblePages(db, {
        now: ctx.clock(),
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
      });
      return {
        data: pageOf(rows, PER_PAGE).items.map((row) => {
          const article = toArticle(row);
          return {
            id: article.id,
            slug: article.slug,
            url: absoluteUrl(siteUrl, articlePath(article.slug)),
            title: article.title,
            bodyHtml: absoluteHtml(article.bodyHtml, siteUrl),
            updatedAt: isoDate(article.updatedAt),
          };
        }),
        total,
        page,
        hasMore: pageOf(rows, PER_PAGE).hasNext,
      };
    },
  );

  api.get(
    "/comments",
    {
      schema: {
        tags: ["comments"],
        operationId: "listComments",
        summary: `Approved comments, newest first, ${PER_PAGE} a page; of one article with \`article\``,
        querystring: CommentsQuery,
        response: {
          200: CommentList,
          ...notModified,
          ...errorResponses([400]),
        },
      },
    },
    async (request) => {
      const { query } = request;
      const page = query.page ?? 1;
      const now = ctx.clock();
      let articleId: number | undefined;
      if (query.article !== undefined) {
        const found = isSlug(query.article) ? await findPublishedArticle(db, query.article, now) : undefined;
        // An unknown or unpublished article has no public comments: an empty list, not an error.
        articleId = found?.article.id ?? 0;
      }
      const { rows, total } = await listApprovedComments(db, {
        now,
        articleId,
        limit: PER_PAGE,
        offset: (page - 1) * PER_PAGE,
      });
      const { items: shown } = pageOf(rows, PER_PAGE);
      const articles = await findArticleTitles(db, [...new Set(shown.map((row) => row.articleId))]);
      return {
        data: shown.map((row) => {
          const slug = articles.get(row.articleId)?.slug ?? "";
          return {
            id: row.id,
            article: { slug, url: absoluteUrl(siteUrl, articlePath(slug)) },
            parentId: row.parentId,
            authorName: row.authorName,
            body: row.body,
            createdAt: isoDate(row.createdAt),
          };
        }),
        total,
        page,
        hasMore: pageOf(rows, PER_PAGE).hasNext,
      };
    },
  );
}
