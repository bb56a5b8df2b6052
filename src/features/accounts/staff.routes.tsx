import { Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { requirePermission } from "./roles.js";
import { currentStaff } from "./staff-session.js";
import { EMAIL_PATTERN } from "./user.js";
import { listUsers } from "./user.repository.js";
import { changeRole, createPasswordLink, createStaffUser, setSuspended } from "./user.service.js";
import { StaffPage } from "./views/staff-page.js";

const RoleName = Type.Union([
  Type.Literal("contributor"),
  Type.Literal("author"),
  Type.Literal("editor"),
  Type.Literal("administrator"),
  Type.Literal("owner"),
]);
const InviteBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  email: Type.String({ maxLength: 320, pattern: EMAIL_PATTERN }),
  role: RoleName,
  ...CsrfField,
});
const RoleBody = Type.Object({ role: RoleName, ...CsrfField });
const SuspensionBody = Type.Object({
  suspended: Type.Union([Type.Literal("0"), Type.Literal("1")]),
  ...CsrfField,
});

/** Administrators manage staff: list, invite with a set-password link, change roles, suspend. */
export async function staffRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  admin.get("/staff/", async (request, reply) => {
    requirePermission(currentStaff(request).role, { kind: "staff.manage", targetRole: "contributor" });
    const view = await adminView(ctx, request, reply);
    return sendAdminPage(reply, <StaffPage view={view} users={await listUsers(db)} />);
  });

  admin.post("/staff/", { schema: { body: InviteBody } }, async (request, reply) => {
    const actor = currentStaff(request);
    const { name, email, role } = request.body;
    requirePermission(actor.role, { kind: "staff.manage", targetRole: role });
    const user = await createStaffUser(db, { name, email, role }, ctx.clock());
    const link = `${ctx.config.siteUrl}/admin/password/${await createPasswordLink(db, user.id, ctx.clock())}`;
    const { settings } = await ctx.loadChrome();
    await ctx.mailer.send({
      to: user.email,
      subject: `Your ${settings.title} staff account`,
      text: `${actor.name} created a ${role} account for you at ${settings.title}.\n\nChoose your password here (the link works once, for 24 hours):\n${link}\n`,
    });
    const view = await adminView(ctx, request, reply);
    return sendAdminPage(reply, <StaffPage view={view} users={await listUsers(db)} inviteLink={link} />);
  });

  admin.post("/staff/:id/role", { schema: { params: IdParams, body: RoleBody } }, async (request, reply) => {
    await changeRole(db, currentStaff(request), request.params.id, request.body.role);
    return reply.redirect("/admin/staff/?notice=saved", 303);
  });

  admin.post(
    "/staff/:id/suspension",
    { schema: { params: IdParams, body: SuspensionBody } },
    async (request, reply) => {
      const suspend = request.body.suspended === "1";
      await setSuspended(db, currentStaff(request), request.params.id, suspend, ctx.clock());
      return reply.redirect("/admin/staff/?notice=saved", 303);
    },
  );
}
