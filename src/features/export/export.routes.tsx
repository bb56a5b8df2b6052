import type { AppContext } from "../../http/context.js";
import { CsrfOnlyBody, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { noteChange } from "../audit/audit.recorder.js";
import { mastheadVersion } from "../backup/backup.manifest.js";
import { exportFileName, stageExport } from "./export.service.js";
import type { ExportPart } from "./export-part.js";
import { ExportPage } from "./views/export-page.js";

/**
 * Settings → Export, for owners only: the archive holds every reader's and donor's personal data.
 * A POST (CSRF-checked like every staff POST, and so recorded in the audit log) streams it.
 */
export async function exportRoutes(admin: Router, ctx: AppContext, parts: readonly ExportPart[]) {
  const site = { storage: ctx.storage, media: ctx.media, parts, version: mastheadVersion() };
  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "site.export" });
    });

    scope.get("/settings/export/", async (request, reply) =>
      sendAdminPage(reply, <ExportPage view={await adminView(ctx, request, reply)} />),
    );

    scope.post("/settings/export/", { schema: { body: CsrfOnlyBody } }, async (request, reply) => {
      const now = ctx.clock();
      const staged = await stageExport(site, { now });
      const file = exportFileName(now);
      const records = staged.manifest.types.reduce((sum, type) => sum + type.rows, 0);
      noteChange(request, {}, { export: file, records, mediaFiles: staged.manifest.media.length });
      const archive = staged.archive();
      archive.once("close", () => void staged.dispose());
      return reply
        .type("application/gzip")
        .header("content-disposition", `attachment; filename="${file}"`)
        .send(archive);
    });
  });
}
