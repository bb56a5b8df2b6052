import { h } from "../../../views/jsx.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";

/** Settings → Export: what the archive holds, and the button that makes it. */
export function ExportPage(props: { view: AdminView }) {
  return (
    <AdminLayout view={props.view} title="Export everything">
      <h1>Export everything</h1>
      <p>
        One archive (.tar.gz) with every article, page, revision, section, tag, author, staff account (without
        passwords), reader, comment, vote, donation, newsletter subscriber, setting and redirect, and the
        media files, in the format described in docs/export-format.md. It holds readers' and donors' personal
        data: keep it as safe as the site itself.
      </p>
      <p>
        Another Masthead site imports it with <code>masthead import masthead FILE</code>. Every export is
        recorded in Staff → Activity.
      </p>
      <form method="post" action="/admin/settings/export/">
        <CsrfField view={props.view} />
        <button type="submit">Download export</button>
      </form>
    </AdminLayout>
  );
}
