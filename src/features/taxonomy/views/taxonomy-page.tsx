import type { FormProblem } from "../../../http/forms.js";
import { controlAttributes, Field, FormError, TextField } from "../../../views/fields.js";
import { Fragment, h } from "../../../views/jsx.js";
import { type Column, ListTable } from "../../../views/list-table.js";
import { Pagination } from "../../../views/pagination.js";
import { withQuery } from "../../../views/query-string.js";
import { SearchFilter } from "../../../views/search-filter.js";
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

const articlesColumn: Column<{ articleCount: number }> = {
  head: "Articles",
  cell: (term) => term.articleCount,
};

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
      <ListTable
        rows={categories}
        columns={[
          {
            head: "Name",
            cell: (category) => <a href={`/admin/taxonomy/categories/${category.id}/`}>{category.name}</a>,
          },
          { head: "Slug", cell: (category) => <a href={`/category/${category.slug}/`}>{category.slug}</a> },
          { head: "Description", cell: (category) => category.description },
          articlesColumn,
        ]}
      />
      <h2 id="new-category">Add a category</h2>
      <form class="stacked" method="post" action="/admin/taxonomy/categories/" aria-labelledby="new-category">
        <CsrfField view={props.view} />
        <FormError problem={props.problem} />
        <TaxonomyFields values={props.newCategory} problem={props.problem} />
        <button type="submit">Add category</button>
      </form>
      <h2>Tags</h2>
      <SearchFilter
        class="filters"
        action="/admin/taxonomy/"
        label="Name contains"
        value={tagList.nameContains}
        button="Filter"
        buttonClass="secondary"
      />
      <ListTable
        rows={tagList.tags}
        empty={tagList.nameContains ? "No tags match." : "No tags yet."}
        columns={[
          { head: "Name", cell: (tag) => <a href={`/admin/taxonomy/tags/${tag.id}/`}>{tag.name}</a> },
          { head: "Slug", cell: (tag) => <a href={`/tag/${tag.slug}/`}>{tag.slug}</a> },
          articlesColumn,
        ]}
      />
      <Pagination
        page={tagList.page}
        hasNext={tagList.hasNext}
        href={(page) => tagListPath(tagList.nameContains, page)}
        label="Tag pages"
      />
    </AdminLayout>
  );
}
