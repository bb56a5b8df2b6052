import type { FieldRules, FormProblem } from "../../../http/forms.js";
import { FormError, TextField } from "../../../views/fields.js";
import { h } from "../../../views/jsx.js";
import { ListTable } from "../../../views/list-table.js";
import { Pagination } from "../../../views/pagination.js";
import { SearchFilter } from "../../../views/search-filter.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import type { RedirectInput, RedirectPage } from "../redirect.service.js";

export const EMPTY_REDIRECT: RedirectInput = { fromPath: "", toUrl: "" };

export const REDIRECT_FIELDS: FieldRules = {
  fromPath: { label: "From", rule: "at most 600 characters" },
  toUrl: { label: "To", rule: "at most 600 characters" },
};

function listPath(fromContains: string, page: number) {
  const query = new URLSearchParams({ ...(fromContains ? { q: fromContains } : {}), page: String(page) });
  return `/admin/settings/redirects/?${query}`;
}

/** Settings → Redirects: every stored redirect (imports add them too), a form to add one, delete buttons. */
export function RedirectsPage(props: {
  view: AdminView;
  list: RedirectPage & { fromContains: string };
  values: RedirectInput;
  problem?: FormProblem | undefined;
}) {
  const { view, list, values } = props;
  return (
    <AdminLayout view={view} title="Redirects">
      <p>
        Old addresses answer with a permanent redirect (301) to the new one. Checked only when nothing else
        lives at the old address.
      </p>
      <h2>Add a redirect</h2>
      <FormError problem={props.problem} />
      <form method="post" action="/admin/settings/redirects/">
        <CsrfField view={view} />
        <TextField
          name="fromPath"
          label="From"
          hint="a path on this site, e.g. /2019/05/old-post/ or /?p=12"
          required
          maxlength={600}
          value={values.fromPath}
          problem={props.problem}
        />
        <TextField
          name="toUrl"
          label="To"
          hint="a path on this site or a full URL"
          required
          maxlength={600}
          value={values.toUrl}
          problem={props.problem}
        />
        <button type="submit">Save redirect</button>
      </form>
      <h2>{`${list.total.toLocaleString("en")} redirects`}</h2>
      <SearchFilter
        action="/admin/settings/redirects/"
        label="Old address contains "
        value={list.fromContains}
        button="Find"
      />
      <ListTable
        rows={list.items}
        columns={[
          { head: "From", cell: (redirect) => redirect.fromPath },
          { head: "To", cell: (redirect) => <a href={redirect.toUrl}>{redirect.toUrl}</a> },
          {
            head: <span class="visually-hidden">Delete</span>,
            cell: (redirect) => (
              <form method="post" action={`/admin/settings/redirects/${redirect.id}/delete`}>
                <CsrfField view={view} />
                <button type="submit" class="link-button">
                  Delete
                </button>
              </form>
            ),
          },
        ]}
      />
      <Pagination
        page={list.page}
        hasNext={list.hasNext}
        href={(page) => listPath(list.fromContains, page)}
        label="Redirect pages"
      />
    </AdminLayout>
  );
}
