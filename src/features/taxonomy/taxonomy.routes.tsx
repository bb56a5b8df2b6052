import { type Static, Type } from "@sinclair/typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { AppContext } from "../../http/context.js";
import { type FormProblem, submitForm, type TypedValues } from "../../http/forms.js";
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

/** The category fields as typed, for the form shown again with an error. */
const typedCategory = (typed: TypedValues): CategoryInput => ({
  name: typed.name ?? "",
  slug: typed.slug ?? "",
  description: typed.description ?? "",
});

/** Editors and up manage categories and tags; renamed slugs keep answering with a redirect. */
export async function taxonomyAdminRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  async function showOverview(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { query?: Static<typeof ListQuery>; newCategory?: CategoryInput; problem?: FormProblem } = {},
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
        problem={form.problem}
      />
    );
    return sendAdminPage(reply, body, form.problem?.status);
  }

  async function showCategory(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: { values?: CategoryInput; problem?: FormProblem } = {},
  ) {
    const category = await getCategoryWithCount(db, id);
    const view = await adminView(ctx, request, reply);
    const body = (
      <CategoryEditPage
        view={view}
        category={category}
        values={form.values ?? category}
        problem={form.problem}
      />
    );
    return sendAdminPage(reply, body, form.problem?.status);
  }

  async function showTag(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    form: { values?: TagInput; problem?: FormProblem } = {},
  ) {
    const tag = await getTagWithCount(db, id);
    const view = await adminView(ctx, request, reply);
    const body = <TagEditPage view={view} tag={tag} values={form.values ?? tag} problem={form.problem} />;
    return sendAdminPage(reply, body, form.problem?.status);
  }

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "taxonomy.manage" });
    });

    scope.get("/taxonomy/", { schema: { querystring: ListQuery } }, (request, reply) =>
      showOverview(request, reply, { query: request.query }),
    );

    scope.post(
      "/taxonomy/categories/",
      { schema: { body: CategoryBody }, attachValidation: true },
      (request, reply) =>
        submitForm(request, {
          run: () => addCategory(db, request.body),
          done: () => reply.redirect("/admin/taxonomy/?notice=saved", 303),
          show: (problem, typed) =>
            showOverview(request, reply, { newCategory: typedCategory(typed), problem }),
        }),
    );

    scope.get("/taxonomy/categories/:id/", { schema: { params: IdParams } }, (request, reply) =>
      showCategory(request, reply, request.params.id),
    );

    scope.post(
      "/taxonomy/categories/:id/",
      { schema: { params: IdParams, body: CategoryBody }, attachValidation: true },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, {
          run: () => changeCategory(db, id, request.body),
          done: () => reply.redirect(`/admin/taxonomy/categories/${id}/?notice=saved`, 303),
          show: (problem, typed) =>
            showCategory(request, reply, id, { values: typedCategory(typed), problem }),
        });
      },
    );

    scope.post(
      "/taxonomy/categories/:id/delete",
      { schema: { params: IdParams, body: CsrfOnlyBody } },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, {
          run: () => deleteCategory(db, id),
          done: () => reply.redirect("/admin/taxonomy/?notice=deleted", 303),
          show: (problem) => showCategory(request, reply, id, { problem }),
        });
      },
    );

    scope.get("/taxonomy/tags/:id/", { schema: { params: IdParams } }, (request, reply) =>
      showTag(request, reply, request.params.id),
    );

    scope.post(
      "/taxonomy/tags/:id/",
      { schema: { params: IdParams, body: TagBody }, attachValidation: true },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, {
          run: () => changeTag(db, id, request.body),
          done: () => reply.redirect(`/admin/taxonomy/tags/${id}/?notice=saved`, 303),
          show: (problem, typed) =>
            showTag(request, reply, id, {
              values: { name: typed.name ?? "", slug: typed.slug ?? "" },
              problem,
            }),
        });
      },
    );

    scope.post(
      "/taxonomy/tags/:id/merge",
      { schema: { params: IdParams, body: MergeBody }, attachValidation: true },
      (request, reply) => {
        const { id } = request.params;
        return submitForm(request, {
          run: () => mergeTags(db, id, request.body.into),
          done: (kept) => reply.redirect(`/admin/taxonomy/tags/${kept.id}/?notice=saved`, 303),
          show: (problem) => showTag(request, reply, id, { problem }),
        });
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
