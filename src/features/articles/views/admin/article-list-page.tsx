import { Select, TextField } from "../../../../views/fields.js";
import { formatDateTime } from "../../../../views/format.js";
import { Fragment, h } from "../../../../views/jsx.js";
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

const REVIEW_LABELS = { pending: "waiting for review", returned: "sent back" } as const;

/** Draft, scheduled or published, and for a draft where it stands in review. */
function StatusBadge(props: { item: StaffListItem }) {
  const { status, review } = props.item;
  if (status === "draft" && review)
    return <span class={`status status-${review}`}>{REVIEW_LABELS[review]}</span>;
  return <span class={`status status-${status}`}>{status}</span>;
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
        {props.view.staff ? (
          <>
            {" "}
            <a class="button secondary" href={`/admin/articles/?author=${props.view.staff.authorId}`}>
              My articles
            </a>
          </>
        ) : null}
      </p>
      <form class="filters" method="get" action="/admin/articles/">
        <Select
          name="status"
          label="Status"
          value={query.status}
          choices={[
            ["any", "Any"],
            ["draft", "Draft"],
            ["pending", "Waiting for review"],
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
            cell: (item) => <StatusBadge item={item} />,
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
