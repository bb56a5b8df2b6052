import { Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { CsrfField, IdParams, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { requirePermission } from "./roles.js";
import { currentStaff } from "./staff-session.js";
import { EMAIL_PATTERN } from "./user.js";
import { listUsers } from "./user.repository.js";
import { changeRole, inviteStaff, setSuspended } from "./user.service.js";
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
    const { settings } = await ctx.loadChrome();
    const link = await inviteStaff(db, ctx.mailer, {
      ...request.body,
      actor: currentStaff(request),
      site: { url: ctx.config.siteUrl, title: settings.title },
      now: ctx.clock(),
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
