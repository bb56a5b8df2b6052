import { formatDate } from "../../../views/format.js";
import { h } from "../../../views/jsx.js";
import { ListTable } from "../../../views/list-table.js";
import { AdminLayout, type AdminView, CsrfField } from "../../admin/views/admin-layout.js";
import { can, ROLES } from "../roles.js";
import type { StaffUser } from "../user.js";

function RoleSelect(props: { name: string; selected?: string; roles: readonly string[]; id?: string }) {
  return (
    <select name={props.name} id={props.id} aria-label="Role">
      {props.roles.map((role) => (
        <option value={role} selected={role === props.selected}>
          {role}
        </option>
      ))}
    </select>
  );
}

export function StaffPage(props: { view: AdminView; users: StaffUser[]; inviteLink?: string }) {
  const actor = props.view.staff;
  if (!actor) return <AdminLayout view={props.view} title="Staff" />;
  const assignable = ROLES.filter((role) => role !== "owner");
  const manageable = (user: StaffUser) =>
    user.id !== actor.id && can(actor.role, { kind: "staff.manage", targetRole: user.role });
  return (
    <AdminLayout view={props.view} title="Staff">
      {props.inviteLink ? (
        <p class="notice notice-ok">
          Account created. Its one-time set-password link (also e-mailed): <code>{props.inviteLink}</code>
        </p>
      ) : null}
      <ListTable
        rows={props.users}
        columns={[
          { head: "Name", cell: (user) => user.name },
          { head: "E-mail", cell: (user) => user.email },
          {
            head: "Role",
            cell: (user) => [
              manageable(user) ? (
                <form method="post" action={`/admin/staff/${user.id}/role`}>
                  <CsrfField view={props.view} />
                  <RoleSelect name="role" selected={user.role} roles={assignable} />{" "}
                  <button type="submit" class="secondary">
                    Change
                  </button>
                </form>
              ) : (
                user.role
              ),
              actor.role === "owner" && user.id !== actor.id ? (
                <form method="post" action={`/admin/staff/${user.id}/role`}>
                  <CsrfField view={props.view} />
                  <input type="hidden" name="role" value="owner" />
                  <button
                    type="submit"
                    class="secondary"
                    data-confirm="Hand over ownership? You become an administrator."
                  >
                    Make owner
                  </button>
                </form>
              ) : null,
            ],
          },
          { head: "Since", cell: (user) => formatDate(user.createdAt, "en", "UTC") },
          {
            head: "Status",
            cell: (user) => [
              user.suspended ? "suspended" : user.hasPassword ? "active" : "invited",
              manageable(user) ? (
                <form method="post" action={`/admin/staff/${user.id}/suspension`}>
                  <CsrfField view={props.view} />
                  <input type="hidden" name="suspended" value={user.suspended ? "0" : "1"} />
                  <button type="submit" class="secondary">
                    {user.suspended ? "Reinstate" : "Suspend"}
                  </button>
                </form>
              ) : null,
            ],
          },
        ]}
      />
      <h2>Add a staff member</h2>
      <form class="stacked" method="post" action="/admin/staff/">
        <CsrfField view={props.view} />
        <label>
          Name
          <input type="text" name="name" required maxlength={200} />
        </label>
        <label>
          E-mail
          <input type="email" name="email" required />
        </label>
        <div class="field">
          <label for="new-role">Role</label>
          <RoleSelect name="role" selected="author" roles={assignable} id="new-role" />
        </div>
        <button type="submit">Create account and send link</button>
      </form>
    </AdminLayout>
  );
}
