import { type Static, Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { CsrfField, CsrfOnlyBody, IdParams, PageQuery, pageNumber, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import {
  addCategory,
  type CategoryInput,
  changeCategory,
  changeTag,
  deleteCategory,
  deleteTag,
  getCategoryWithCount,
  getTagWithCount,
  listCategoriesWithCounts,
  listTagsWithCounts,
  mergeTags,
  type TagInput,
} from "./taxonomy.service.js";
import { CategoryEditPage, TagEditPage } from "./views/taxonomy-edit-pages.js";
import { EMPTY_CATEGORY, TaxonomyPage } from "./views/taxonomy-page.js";

const TAGS_PER_PAGE = 50;

const ListQuery = Type.Object({ ...PageQuery.properties, q: Type.Optional(Type.String({ maxLength: 200 })) });
// Lengths are checked loosely here so that the service can explain a bad slug on the form itself.
const TagBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  slug: Type.String({ maxLength: 200 }),
  ...CsrfField,
});
const CategoryBody = Type.Object({
  name: Type.String({ maxLength: 200 }),
  slug: Type.String({ maxLength: 200 }),
  description: Type.String({ maxLength: 1000 }),
  ...CsrfField,
});
const MergeBody = Type.Object({ into: Type.String({ minLength: 1, maxLength: 200 }), ...CsrfField });

/** Runs a change; a mistake the staff member can fix comes back to show on the form, anything else is thrown. */
async function attempt(change: () => Promise<unknown>): Promise<AppError | undefined> {
  try {
    await change();
    return undefined;
  } catch (error) {
    if (error instanceof AppError && error.status < 500 && error.status !== 404) return error;
    throw error;
  }
}

/** Editors and up manage categories and tags; renamed slugs keep answering with a redirect. */
export async function taxonomyAdminRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function showOverview(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { query?: Static<typeof ListQuery>; newCategory?: CategoryInput; error?: AppError } = {},
  ) {
    const nameContains = form.query?.q?.trim() ?? "";
    const page = pageNumber(form.query ?? {});
    const [categories, tags] = await Promise.all([
      listCategoriesWithCounts(db),
      listTagsWithCounts(db, { nameContains, page, perPage: TAGS_PER_PAGE }),
    ]);
    const view = await adminView(ctx, request, reply);
    const body = (
      <TaxonomyPage
        view={view}
        categories={categories}
        tagList={{ ...tags, nameContains, page }}
        newCategory={form.newCategory ?? EMPTY_CATEGORY}
        error={form.error?.message}
      />
    );
    return sendAdminPage(reply, body, form.error?.status);
  }

  async function showCategory(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: { values?: CategoryInput; error?: AppError } = {},
  ) {
    const category = await getCategoryWithCount(db, id);
    const view = await adminView(ctx, request, reply);
    const body = (
      <CategoryEditPage
        view={view}
        category={category}
        values={form.values ?? category}
        error={form.error?.message}
      />
    );
    return sendAdminPage(reply, body, form.error?.status);
  }

  async function showTag(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: { values?: TagInput; error?: AppError } = {},
  ) {
    const tag = await getTagWithCount(db, id);
    const view = await adminView(ctx, request, reply);
    const body = (
      <TagEditPage view={view} tag={tag} values={form.values ?? tag} error={form.error?.message} />
    );
    return sendAdminPage(reply, body, form.error?.status);
  }

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "taxonomy.manage" });
    });

    scope.get("/taxonomy/", { schema: { querystring: ListQuery } }, (request, reply) =>
      showOverview(request, reply, { query: request.query }),
    );

    scope.post("/taxonomy/categories/", { schema: { body: CategoryBody } }, async (request, reply) => {
      const error = await attempt(() => addCategory(db, request.body));
      if (error) return showOverview(request, reply, { newCategory: request.body, error });
      return reply.redirect("/admin/taxonomy/?notice=saved", 303);
    });

    scope.get("/taxonomy/categories/:id/", { schema: { params: IdParams } }, (request, reply) =>
      showCategory(request, reply, request.params.id),
    );

    scope.post(
      "/taxonomy/categories/:id/",
      { schema: { params: IdParams, body: CategoryBody } },
      async (request, reply) => {
        const { id } = request.params;
        const error = await attempt(() => changeCategory(db, id, request.body));
        if (error) return showCategory(request, reply, id, { values: request.body, error });
        return reply.redirect(`/admin/taxonomy/categories/${id}/?notice=saved`, 303);
      },
    );

    scope.post(
      "/taxonomy/categories/:id/delete",
      { schema: { params: IdParams, body: CsrfOnlyBody } },
      async (request, reply) => {
        const { id } = request.params;
        const error = await attempt(() => deleteCategory(db, id));
        if (error) return showCategory(request, reply, id, { error });
        return reply.redirect("/admin/taxonomy/?notice=deleted", 303);
      },
    );

    scope.get("/taxonomy/tags/:id/", { schema: { params: IdParams } }, (request, reply) =>
      showTag(request, reply, request.params.id),
    );

    scope.post(
      "/taxonomy/tags/:id/",
      { schema: { params: IdParams, body: TagBody } },
      async (request, reply) => {
        const { id } = request.params;
        const error = await attempt(() => changeTag(db, id, request.body));
        if (error) return showTag(request, reply, id, { values: request.body, error });
        return reply.redirect(`/admin/taxonomy/tags/${id}/?notice=saved`, 303);
      },
    );

    scope.post(
      "/taxonomy/tags/:id/merge",
      { schema: { params: IdParams, body: MergeBody } },
      async (request, reply) => {
        const { id } = request.params;
        let keptId = id;
        const error = await attempt(async () => {
          keptId = (await mergeTags(db, id, request.body.into)).id;
        });
        if (error) return showTag(request, reply, id, { error });
        return reply.redirect(`/admin/taxonomy/tags/${keptId}/?notice=saved`, 303);
      },
    );

    scope.post(
      "/taxonomy/tags/:id/delete",
      { schema: { params: IdParams, body: CsrfOnlyBody } },
      async (request, reply) => {
        await deleteTag(db, request.params.id);
        return reply.redirect("/admin/taxonomy/?notice=deleted", 303);
      },
    );
  });
}
