import { h } from "./jsx.js";

/** Previous/next links of a paged list; `href(n)` gives page n's address. */
export function Pagination(props: {
  page: number;
  hasNext: boolean;
  href: (page: number) => string;
  previous?: string;
  next?: string;
  label?: string;
}) {
  return (
    <nav class="pagination" aria-label={props.label ?? "Pages"}>
      {props.page > 1 ? (
        <a rel="prev" href={props.href(props.page - 1)}>
          {props.previous ?? "← Previous"}
        </a>
      ) : null}
      {props.hasNext ? (
        <a rel="next" href={props.href(props.page + 1)}>
          {props.next ?? "Next →"}
        </a>
      ) : null}
    </nav>
  );
}

/** Page 1 at the list's own path, later pages with `?page=N`. */
export const pagePath = (basePath: string, page: number) =>
  page === 1 ? basePath : `${basePath}?page=${page}`;
