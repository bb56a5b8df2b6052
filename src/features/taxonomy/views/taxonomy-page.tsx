import type { FormProblem } from "../../../http/forms.js";
import { controlAttributes, Field, FormError, TextField } from "../../../views/fields.js";
import { Fragment, h } from "../../../views/jsx.js";
import { Pagination } from "../../../views/pagination.js";
import { withQuery } from "../../../views/query-string.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { Category, Tag } from "../taxonomy.js";
import type { CategoryInput, Counted } from "../taxonomy.service.js";

export const EMPTY_CATEGORY: CategoryInput = { name: "", slug: "", description: "" };

/** Name, slug and (for categories) description fields, filled with what was saved or typed. */
export function TaxonomyFields(props: {
  values: CategoryInput | { name: string; slug: string };
  problem: FormProblem | undefined;
}) {
  const { values, problem } = props;
  const descriptionHint = "shown on the category's page";
  return (
    <>
      <TextField name="name" label="Name" required maxlength={200} value={values.name} problem={problem} />
      <TextField
        name="slug"
        label="Slug"
        hint="the last part of its public URL; empty: made from the name"
        maxlength={120}
        pattern="[a-z0-9]+(-[a-z0-9]+)*"
        value={values.slug}
        problem={problem}
      />
      {"description" in values ? (
        <Field name="description" label="Description" hint={descriptionHint} problem={problem}>
          <textarea {...controlAttributes("description", problem, descriptionHint)} maxlength={1000}>
            {values.description}
          </textarea>
        </Field>
      ) : null}
    </>
  );
}

export interface TagList {
  tags: Counted<Tag>[];
  nameContains: string;
  page: number;
  hasNext: boolean;
}

function tagListPath(nameContains: string, page: number) {
  return withQuery("/admin/taxonomy/", { q: nameContains, page });
}

export function TaxonomyPage(props: {
  view: AdminView;
  categories: Counted<Category>[];
  tagList: TagList;
  newCategory: CategoryInput;
  problem?: FormProblem;
}) {
  const { categories, tagList } = props;
  return (
    <AdminLayout view={props.view} title="Categories & tags">
      <h2>Categories</h2>
      <table class="list">
        <thead>
          <tr>
            <th>Name</th>
            <th>Slug</th>
            <th>Description</th>
            <th>Articles</th>
          </tr>
        </thead>
        <tbody>
          {categories.map((category) => (
            <tr>
              <td>
                <a href={`/admin/taxonomy/categories/${category.id}/`}>{category.name}</a>
              </td>
              <td>
                <a href={`/category/${category.slug}/`}>{category.slug}</a>
              </td>
              <td>{category.description}</td>
              <td>{category.articleCount}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2 id="new-category">Add a category</h2>
      <form class="stacked" method="post" action="/admin/taxonomy/categories/" aria-labelledby="new-category">
        <CsrfField view={props.view} />
        <FormError problem={props.problem} />
        <TaxonomyFields values={props.newCategory} problem={props.problem} />
        <button type="submit">Add category</button>
      </form>
      <h2>Tags</h2>
      <form class="filters" method="get" action="/admin/taxonomy/">
        <label>
          Name contains
          <input type="search" name="q" maxlength={200} value={tagList.nameContains} />
        </label>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      {tagList.tags.length === 0 ? (
        <p>No tags{tagList.nameContains ? " match" : " yet"}.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Slug</th>
              <th>Articles</th>
            </tr>
          </thead>
          <tbody>
            {tagList.tags.map((tag) => (
              <tr>
                <td>
                  <a href={`/admin/taxonomy/tags/${tag.id}/`}>{tag.name}</a>
                </td>
                <td>
                  <a href={`/tag/${tag.slug}/`}>{tag.slug}</a>
                </td>
                <td>{tag.articleCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination
        page={tagList.page}
        hasNext={tagList.hasNext}
        href={(page) => tagListPath(tagList.nameContains, page)}
        label="Tag pages"
      />
    </AdminLayout>
  );
}
