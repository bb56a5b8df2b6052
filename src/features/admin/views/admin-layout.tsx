import { type Child, h } from "../../../views/jsx.js";
import { can } from "../../accounts/roles.js";
import type { StaffUser } from "../../accounts/user.js";

/** What every staff-area page needs from the request. */
export interface AdminView {
  staff: StaffUser | null;
  csrfToken: string;
  siteTitle: string;
  assetUrl: (name: string) => string;
  /** A one-line confirmation or error shown above the page, e.g. after a redirect. */
  notice?: { kind: "ok" | "error"; text: string } | undefined;
}

export function CsrfField(props: { view: AdminView }) {
  return <input type="hidden" name="_csrf" value={props.view.csrfToken} />;
}

function AdminNav(props: { staff: StaffUser; view: AdminView }) {
  const { staff } = props;
  const links: [string, string, boolean][] = [
    ["/admin/", "Dashboard", true],
    ["/admin/articles/", "Articles", true],
    ["/admin/media/", "Media", true],
    ["/admin/taxonomy/", "Categories & tags", can(staff.role, { kind: "taxonomy.manage" })],
    ["/admin/votes/held/", "Held votes", can(staff.role, { kind: "reader-content.moderate" })],
    ["/admin/donations/", "Donations", can(staff.role, { kind: "donations.manage" })],
    ["/admin/newsletters/", "Newsletters", can(staff.role, { kind: "newsletters.manage" })],
    ["/admin/comments/", "Comments", can(staff.role, { kind: "reader-content.moderate" })],
    ["/admin/staff/", "Staff", can(staff.role, { kind: "staff.manage", targetRole: "contributor" })],
    ["/admin/settings/", "Settings", can(staff.role, { kind: "settings.manage" })],
    ["/admin/activity/", "Activity", can(staff.role, { kind: "activity.view" })],
  ];
  return (
    <nav class="admin-nav" aria-label="Staff area">
      <ul>
        {links
          .filter(([, , visible]) => visible)
          .map(([href, label]) => (
            <li>
              <a href={href}>{label}</a>
            </li>
          ))}
      </ul>
      <div class="admin-user">
        <span>
          {staff.name} <small>({staff.role})</small>
        </span>
        <a href="/admin/account/">Account</a>
        <form method="post" action="/admin/signout">
          <CsrfField view={props.view} />
          <button type="submit" class="link-button">
            Sign out
          </button>
        </form>
      </div>
    </nav>
  );
}

export function AdminLayout(props: { view: AdminView; title: string; children?: Child }) {
  const { view } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} – ${view.siteTitle} staff`}</title>
        <link rel="stylesheet" href={view.assetUrl("admin.css")} />
        <link rel="icon" href={view.assetUrl("favicon.svg")} type="image/svg+xml" />
        <script src={view.assetUrl("admin.js")} defer />
      </head>
      <body class="admin">
        <header class="admin-header">
          <a class="admin-site" href="/">
            {view.siteTitle}
          </a>
          {view.staff ? <AdminNav staff={view.staff} view={view} /> : null}
        </header>
        <main id="main" class="admin-main">
          {view.notice ? (
            <p
              class={`notice notice-${view.notice.kind}`}
              role={view.notice.kind === "error" ? "alert" : "status"}
            >
              {view.notice.text}
            </p>
          ) : null}
          <h1>{props.title}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}
