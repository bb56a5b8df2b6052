import fastifyCsrf from "@fastify/csrf-protection";
import type { FastifyRequest } from "fastify";
import { unauthenticated } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import type { DashboardSeries } from "../../storage/daily.js";
import { accountRoutes } from "../accounts/account.routes.js";
import { staffRoutes } from "../accounts/staff.routes.js";
import { loadStaff } from "../accounts/staff-session.js";
import { articleAdminRoutes } from "../articles/article.admin.routes.js";
import type { ArticleEditorPanel } from "../articles/article-editor.routes.js";
import { recordStaffActions } from "../audit/audit.recorder.js";
import { auditRoutes } from "../audit/audit.routes.js";
import { commentModerationRoutes } from "../comments/comment.moderation.routes.js";
import { designRoutes } from "../design/design.routes.js";
import { donationAdminRoutes } from "../donations/donation.admin.routes.js";
import { exportRoutes } from "../export/export.routes.js";
import type { ExportPart } from "../export/export-part.js";
import { mediaRoutes } from "../media/media.routes.js";
import { newsletterAdminRoutes } from "../newsletters/newsletter.admin.routes.js";
import { redirectAdminRoutes } from "../redirects/redirect.routes.js";
import { getSiteSecret } from "../settings/settings.js";
import { settingsRoutes } from "../settings/settings.routes.js";
import { taxonomyAdminRoutes } from "../taxonomy/taxonomy.routes.js";
import { voteReviewRoutes } from "../votes/vote.review.routes.js";
import { dashboardRoutes } from "./dashboard.routes.js";
import type { DashboardPanel } from "./dashboard-panel.js";

/** Staff-area pages anyone may open: signing in, first-run setup, and password links. */
const OPEN_PATHS = /^\/admin\/(signin|forgot|setup\/[^/]+|password\/[^/]+)\/?(\?.*)?$/;

const isSafeMethod = (request: FastifyRequest) => request.method === "GET" || request.method === "HEAD";

/** Reads the CSRF token from a form field, or from the query string for multipart uploads. */
function csrfTokenOf(request: FastifyRequest): string | undefined {
  const fromBody = (request.body as { _csrf?: unknown } | undefined)?._csrf;
  const fromQuery = (request.query as { _csrf?: unknown } | undefined)?._csrf;
  const fromHeader = request.headers["x-csrf-token"];
  const token = fromBody ?? fromQuery ?? fromHeader;
  return typeof token === "string" ? token : undefined;
}

/**
 * Everything under /admin/: never cached, signed-in staff only (except OPEN_PATHS), and every
 * state-changing request must carry a valid CSRF token (checked once the body is parsed, before it is validated, so a forged request is always a 403).
 */
export interface StaffAreaParts {
  /** The dashboard's daily charts, each a feature's own (votes, comments, donations…), in this order. */
  dashboardSeries: readonly DashboardSeries[];
  /** Sections above the charts, each a feature's own ("Waiting for review"), in this order. */
  dashboardPanels: readonly DashboardPanel[];
  /** Parts other features add to the article editor (the newsletter's e-mail panel). */
  articleEditorPanels?: readonly ArticleEditorPanel[];
  /** Every feature's share of Settings → Export (src/site-exports.ts). */
  exportParts: readonly ExportPart[];
}

export async function staffArea(app: Router, ctx: AppContext, parts: StaffAreaParts): Promise<void> {
  await app.register(
    async (admin: Router) => {
      await admin.register(fastifyCsrf, {
        getToken: csrfTokenOf,
        cookieKey: "masthead_csrf",
        cookieOpts: {
          path: "/admin",
          sameSite: "strict",
          httpOnly: true,
          secure: ctx.config.secureCookies,
          signed: true,
        },
      });
      admin.decorateRequest("staff", null);
      admin.addHook("onRequest", async (request, reply) => {
        reply.header("cache-control", "no-store");
        request.staff = await loadStaff(ctx.storage.db, request, ctx.clock());
        if (request.staff || OPEN_PATHS.test(request.url)) return;
        if (isSafeMethod(request)) {
          return reply.redirect(`/admin/signin?next=${encodeURIComponent(request.url)}`, 303);
        }
        throw unauthenticated();
      });
      admin.addHook("preValidation", (request, reply, done) => {
        if (isSafeMethod(request)) return done();
        admin.csrfProtection(request, reply, done);
      });
      recordStaffActions(admin, {
        db: ctx.storage.db,
        secret: await getSiteSecret(ctx.storage.db),
        clock: ctx.clock,
        retentionDays: ctx.config.auditRetentionDays,
      });
      await accountRoutes(admin, ctx);
      await staffRoutes(admin, ctx);
      await dashboardRoutes(admin, ctx, parts);
      await articleAdminRoutes(admin, ctx, parts.articleEditorPanels);
      await mediaRoutes(admin, ctx);
      await taxonomyAdminRoutes(admin, ctx);
      await settingsRoutes(admin, ctx);
      await designRoutes(admin, ctx);
      await exportRoutes(admin, ctx, parts.exportParts);
      await redirectAdminRoutes(admin, ctx);
      await voteReviewRoutes(admin, ctx);
      await donationAdminRoutes(admin, ctx);
      await newsletterAdminRoutes(admin, ctx);
      await commentModerationRoutes(admin, ctx);
      await auditRoutes(admin, ctx);
    },
    { prefix: "/admin" },
  );
}
