import { Type } from "@sinclair/typebox";
import { slugify } from "../../core/slug.js";
import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { listAuthors } from "../authors/author.repository.js";
import { findTagBySlug, listCategories } from "../taxonomy/taxonomy.repository.js";
import { listArticlesForStaff } from "./article.staff-list.js";
import { ArticleListAdminPage } from "./views/admin/article-list-page.js";

const OptionalId = Type.Optional(Type.String({ pattern: "^[0-9]{0,9}$" }));
const ListQuery = Type.Object({
  status: Type.Optional(
    Type.Union([
      Type.Literal("any"),
      Type.Literal("draft"),
      Type.Literal("pending"),
      Type.Literal("scheduled"),
      Type.Literal("published"),
    ]),
  ),
  author: OptionalId,
  category: OptionalId,
  tag: Type.Optional(Type.String({ maxLength: 200 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  sort: Type.Optional(
    Type.Union([Type.Literal("updated"), Type.Literal("published"), Type.Literal("title")]),
  ),
  page: Type.Optional(Type.String({ pattern: "^[1-9][0-9]{0,4}$" })),
  notice: Type.Optional(Type.String({ maxLength: 40 })),
});

const PER_PAGE = 25;
const numberOrUndefined = (text: string | undefined) => (text ? Number(text) : undefined);

/** The staff's article list: filters, search by title, sorting, pages. */
export async function articleListRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  admin.get("/articles/", { schema: { querystring: ListQuery } }, async (request, reply) => {
    const { status = "any", author, category, tag, q, sort = "updated", page = "1" } = request.query;
    const tagId = tag ? ((await findTagBySlug(db, slugify(tag)))?.id ?? -1) : undefined;
    const query = {
      status,
      authorId: numberOrUndefined(author),
      categoryId: numberOrUndefined(category),
      tagId,
      titleSearch: q?.trim() || undefined,
      sort,
      page: Number(page),
      perPage: PER_PAGE,
      now: ctx.clock(),
    };
    const [list, view, authors, categories, { settings }] = await Promise.all([
      listArticlesForStaff(db, query),
      adminView(ctx, request, reply),
      listAuthors(db),
      listCategories(db),
      ctx.loadChrome(),
    ]);
    const listPage = (
      <ArticleListAdminPage
        view={view}
        query={{ ...query, tag }}
        items={list.items}
        hasNext={list.hasNext}
        authors={authors}
        categories={categories}
        timeZone={settings.timeZone}
        filters={{ status, author, category, tag, q, sort }}
      />
    );
    return sendAdminPage(reply, listPage);
  });
}
