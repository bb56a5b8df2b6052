import { Select, TextField } from "../../../../views/fields.js";
import { formatDateTime } from "../../../../views/format.js";
import { h } from "../../../../views/jsx.js";
import { ListTable } from "../../../../views/list-table.js";
import { Pagination } from "../../../../views/pagination.js";
import { type QueryValue, withQuery } from "../../../../views/query-string.js";
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
  /** The current filters, without `page`, for the pagination links. */
  filters: Record<string, QueryValue>;
}

export function ArticleListAdminPage(props: ListPageProps) {
  const { query } = props;
  const pageLink = (page: number) => withQuery("/admin/articles/", { ...props.filters, page });
  const when = (ms: number) => formatDateTime(ms, "en-GB", props.timeZone);
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
          choices={[
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
          choices={[["", "Anyone"], ...props.authors.map((a) => [String(a.id), a.name] as const)]}
        />
        <Select
          name="category"
          label="Category"
          value={String(query.categoryId ?? "")}
          choices={[["", "Any"], ...props.categories.map((c) => [String(c.id), c.name] as const)]}
        />
        <TextField name="tag" label="Tag" value={query.tag} />
        <TextField type="search" name="q" label="Title contains" value={query.titleSearch} />
        <Select
          name="sort"
          label="Sort by"
          value={query.sort}
          choices={[
            ["updated", "Last saved"],
            ["published", "Publication date"],
            ["title", "Title"],
          ]}
        />
        <button type="submit">Filter</button>
      </form>
      <ListTable
        rows={props.items}
        empty="No articles match."
        columns={[
          { head: "Title", cell: (item) => <a href={`/admin/articles/${item.id}/`}>{item.title}</a> },
          {
            head: "Status",
            cell: (item) => <span class={`status status-${item.status}`}>{item.status}</span>,
          },
          { head: "Authors", cell: (item) => item.authorNames.join(", ") },
          { head: "Publication", cell: (item) => (item.publishedAt ? when(item.publishedAt) : "—") },
          { head: "Last saved", cell: (item) => when(item.updatedAt) },
        ]}
      />
      <Pagination page={query.page} hasNext={props.hasNext} href={pageLink} />
    </AdminLayout>
  );
}
