import type { FormProblem } from "../../../http/forms.js";
import { FormError } from "../../../views/fields.js";
import { type Child, Fragment, h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { Category, Tag } from "../taxonomy.js";
import type { CategoryInput, Counted, TagInput } from "../taxonomy.service.js";
import { TaxonomyFields } from "./taxonomy-page.js";

function ArticleCount(props: { count: number; publicPath: string }) {
  return (
    <p>
      {props.count === 1 ? "1 article" : `${props.count} articles`} · public page:{" "}
      <a href={props.publicPath}>{props.publicPath}</a> · <a href="/admin/taxonomy/">all categories & tags</a>
    </p>
  );
}

function DeleteForm(props: { view: AdminView; action: string; confirm: string; children?: Child }) {
  return (
    <form class="stacked" method="post" action={props.action}>
      <CsrfField view={props.view} />
      {props.children}
      <button type="submit" class="danger" data-confirm={props.confirm}>
        Delete
      </button>
    </form>
  );
}

/** How many articles use it, any error, and the rename form shared by categories and tags. */
function EditForm(props: {
  view: AdminView;
  base: string;
  count: number;
  publicPath: string;
  values: CategoryInput | TagInput;
  problem: FormProblem | undefined;
}) {
  return (
    <>
      <ArticleCount count={props.count} publicPath={props.publicPath} />
      <FormError problem={props.problem} />
      <form class="stacked" method="post" action={`${props.base}/`}>
        <CsrfField view={props.view} />
        <TaxonomyFields values={props.values} problem={props.problem} />
        <p class="hint">After a slug change, the old URL keeps working: it redirects to the new one.</p>
        <button type="submit">Save</button>
      </form>
    </>
  );
}

export function CategoryEditPage(props: {
  view: AdminView;
  category: Counted<Category>;
  values: CategoryInput;
  problem?: FormProblem;
}) {
  const { category } = props;
  const base = `/admin/taxonomy/categories/${category.id}`;
  return (
    <AdminLayout view={props.view} title={`Category: ${category.name}`}>
      <EditForm
        view={props.view}
        base={base}
        count={category.articleCount}
        publicPath={`/category/${category.slug}/`}
        values={props.values}
        problem={props.problem}
      />
      <h2>Delete this category</h2>
      <DeleteForm
        view={props.view}
        action={`${base}/delete`}
        confirm={`Delete the category ${category.name}?`}
      >
        <p class="hint">Only a category with no articles can be deleted.</p>
      </DeleteForm>
    </AdminLayout>
  );
}

export function TagEditPage(props: {
  view: AdminView;
  tag: Counted<Tag>;
  values: TagInput;
  problem?: FormProblem;
}) {
  const { tag } = props;
  const base = `/admin/taxonomy/tags/${tag.id}`;
  return (
    <AdminLayout view={props.view} title={`Tag: ${tag.name}`}>
      <EditForm
        view={props.view}
        base={base}
        count={tag.articleCount}
        publicPath={`/tag/${tag.slug}/`}
        values={props.values}
        problem={props.problem}
      />
      <h2>Merge into another tag</h2>
      <form class="stacked" method="post" action={`${base}/merge`}>
        <CsrfField view={props.view} />
        <label>
          Tag to keep <small>its name or slug</small>
          <input type="text" name="into" required maxlength={200} />
        </label>
        <p class="hint">
          Its articles get that tag instead, this tag is deleted, and its URL redirects to the tag you keep.
        </p>
        <button type="submit" class="secondary" data-confirm={`Merge ${tag.name} into the other tag?`}>
          Merge
        </button>
      </form>
      <h2>Delete this tag</h2>
      <DeleteForm view={props.view} action={`${base}/delete`} confirm={`Delete the tag ${tag.name}?`}>
        <p class="hint">The tag is removed from its articles; the articles stay.</p>
      </DeleteForm>
    </AdminLayout>
  );
}
