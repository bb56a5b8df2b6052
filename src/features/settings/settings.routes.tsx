import { Type } from "@sinclair/typebox";
import type { FastifyRequest } from "fastify";
import { AppError } from "../../core/errors.js";
import type { AppContext } from "../../http/context.js";
import { CsrfOnlyBody, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { getSiteSettings, SiteSettingsSchema, updateSiteSettings } from "./settings.js";
import {
  EDITABLE_SETTINGS,
  type EditableSetting,
  formValuesOf,
  SETTING_FIELDS,
  type SettingsFormValues,
  SettingsPage,
} from "./views/settings-page.js";

const SettingsBody = Type.Composite([Type.Pick(SiteSettingsSchema, EDITABLE_SETTINGS), CsrfOnlyBody]);

/** Names the field a schema error is about, in the words the form uses. */
function describeInvalid(error: NonNullable<FastifyRequest["validationError"]>): string {
  const field = error.validation?.[0]?.instancePath.slice(1) as EditableSetting | undefined;
  const about = field && SETTING_FIELDS[field];
  return about ? `${about.label}: ${about.rule}` : `Invalid settings: ${error.message}`;
}

/** What the staff member typed, to show again with the error rather than make them retype it. */
function typedValues(body: unknown): SettingsFormValues {
  const fields = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    EDITABLE_SETTINGS.map((key) => [key, fields[key] === undefined ? "" : String(fields[key])]),
  ) as SettingsFormValues;
}

/** Administrators change the site-wide settings; a change shows on public pages at the next request. */
export async function settingsRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "settings.manage" });
    });

    scope.get("/settings/", async (request, reply) => {
      const view = await adminView(ctx, request, reply);
      return sendAdminPage(
        reply,
        <SettingsPage view={view} values={formValuesOf(await getSiteSettings(db))} />,
      );
    });

    scope.post(
      "/settings/",
      { schema: { body: SettingsBody }, attachValidation: true },
      async (request, reply) => {
        let problem: string;
        if (request.validationError) {
          problem = describeInvalid(request.validationError);
        } else {
          const { _csrf, ...changes } = request.body;
          try {
            await updateSiteSettings(db, changes);
            return reply.redirect("/admin/settings/?notice=saved", 303);
          } catch (error) {
            if (!(error instanceof AppError) || error.status !== 400) throw error;
            problem = error.message;
          }
        }
        const view = await adminView(ctx, request, reply);
        const page = <SettingsPage view={view} values={typedValues(request.body)} error={problem} />;
        return sendAdminPage(reply, page, 400);
      },
    );
  });
}
