import { h } from "../../../views/jsx.js";
import { Pagination } from "../../../views/pagination.js";
import { AdminLayout, type AdminView, CsrfField, ErrorNotice } from "../../admin/views/admin-layout.js";
import type { RedirectInput, RedirectPage } from "../redirect.service.js";

export const EMPTY_REDIRECT: RedirectInput = { fromPath: "", toUrl: "" };

function listPath(fromContains: string, page: number) {
  const query = new URLSearchParams({ ...(fromContains ? { q: fromContains } : {}), page: String(page) });
  return `/admin/settings/redirects/?${query}`;
}

/** Settings → Redirects: every stored redirect (imports add them too), a form to add one, delete buttons. */
export function RedirectsPage(props: {
  view: AdminView;
  list: RedirectPage & { fromContains: string };
  values: RedirectInput;
  error?: string;
}) {
  const { view, list, values } = props;
  return (
    <AdminLayout view={view} title="Redirects">
      <p>
        Old addresses answer with a permanent redirect (301) to the new one. Checked only when nothing else
        lives at the old address.
      </p>
      <h2>Add a redirect</h2>
      <ErrorNotice error={props.error} />
      <form method="post" action="/admin/settings/redirects/">
        <CsrfField view={view} />
        <label>
          From <small>a path on this site, e.g. /2019/05/old-post/ or /?p=12</small>
          <input type="text" name="fromPath" required maxlength={600} value={values.fromPath} />
        </label>
        <label>
          To <small>a path on this site or a full URL</small>
          <input type="text" name="toUrl" required maxlength={600} value={values.toUrl} />
        </label>
        <button type="submit">Save redirect</button>
      </form>
      <h2>{`${list.total.toLocaleString("en")} redirects`}</h2>
      <form method="get" action="/admin/settings/redirects/">
        <label>
          Old address contains <input type="search" name="q" maxlength={200} value={list.fromContains} />
        </label>
        <button type="submit">Find</button>
      </form>
      <table class="list">
        <thead>
          <tr>
            <th>From</th>
            <th>To</th>
            <th>
              <span class="visually-hidden">Delete</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((redirect) => (
            <tr>
              <td>{redirect.fromPath}</td>
              <td>
                <a href={redirect.toUrl}>{redirect.toUrl}</a>
              </td>
              <td>
                <form method="post" action={`/admin/settings/redirects/${redirect.id}/delete`}>
                  <CsrfField view={view} />
                  <button type="submit" class="link-button">
                    Delete
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination
        page={list.page}
        hasNext={list.hasNext}
        href={(page) => listPath(list.fromContains, page)}
        label="Redirect pages"
      />
    </AdminLayout>
  );
}
