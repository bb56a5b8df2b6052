import { formatDateTime } from "../../../../views/format.js";
import { h } from "../../../../views/jsx.js";
import { Pagination } from "../../../../views/pagination.js";
import { AdminLayout, type AdminView } from "../../../admin/views/admin-layout.js";
import type { Author } from "../../../authors/author.js";
import type { Category } from "../../../taxonomy/taxonomy.js";
import type { StaffListItem, StaffListQuery } from "../../article.staff-list.js";

export interface ListPageProps {
  view: AdminView;
  query: StaffListQuery & { tag?: string };
  items: StaffListItem[];
  hasNext: boolean;
  authors: Author[];
  categories: Category[];
  timeZone: string;
  /** The current filters as a query string without `page`, for the pagination links. */
  filterQuery: string;
}

function Select(props: { name: string; label: string; value: string; options: [string, string][] }) {
  return (
    <label>
      {props.label}
      <select name={props.name}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ArticleListAdminPage(props: ListPageProps) {
  const { query } = props;
  const pageLink = (page: number) =>
    `/admin/articles/?${props.filterQuery}${props.filterQuery ? "&" : ""}page=${page}`;
  return (
    <AdminLayout view={props.view} title="Articles">
      <p>
        <a class="button" href="/admin/articles/new">
          New article
        </a>
      </p>
      <form class="filters" method="get" action="/admin/articles/">
        <Select
          name="status"
          label="Status"
          value={query.status}
          options={[
            ["any", "Any"],
            ["draft", "Draft"],
            ["scheduled", "Scheduled"],
            ["published", "Published"],
          ]}
        />
        <Select
          name="author"
          label="Author"
          value={String(query.authorId ?? "")}
          options={[["", "Anyone"], ...props.authors.map((a): [string, string] => [String(a.id), a.name])]}
        />
        <Select
          name="category"
          label="Category"
          value={String(query.categoryId ?? "")}
          options={[["", "Any"], ...props.categories.map((c): [string, string] => [String(c.id), c.name])]}
        />
        <label>
          Tag
          <input type="text" name="tag" value={query.tag ?? ""} size={12} />
        </label>
        <label>
          Title contains
          <input type="search" name="q" value={query.titleSearch ?? ""} />
        </label>
        <Select
          name="sort"
          label="Sort by"
          value={query.sort}
          options={[
            ["updated", "Last saved"],
            ["published", "Publication date"],
            ["title", "Title"],
          ]}
        />
        <button type="submit">Filter</button>
      </form>
      {props.items.length === 0 ? (
        <p>No articles match.</p>
      ) : (
        <table class="list">
          <thead>
            <tr>
              <th>Title</th>
              <th>Status</th>
              <th>Authors</th>
              <th>Publication</th>
              <th>Last saved</th>
            </tr>
          </thead>
          <tbody>
            {props.items.map((item) => (
              <tr>
                <td>
                  <a href={`/admin/articles/${item.id}/`}>{item.title}</a>
                </td>
                <td>
                  <span class={`status status-${item.status}`}>{item.status}</span>
                </td>
                <td>{item.authorNames.join(", ")}</td>
                <td>{item.publishedAt ? formatDateTime(item.publishedAt, "en-GB", props.timeZone) : "—"}</td>
                <td>{formatDateTime(item.updatedAt, "en-GB", props.timeZone)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={query.page} hasNext={props.hasNext} href={pageLink} />
    </AdminLayout>
  );
}
