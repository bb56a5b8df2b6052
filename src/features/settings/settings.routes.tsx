import { Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { submitForm, type TypedValues } from "../../http/forms.js";
import { CsrfOnlyBody, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { noteChange } from "../audit/audit.recorder.js";
import { getSiteSettings, SiteSettingsSchema, updateSiteSettings } from "./settings.js";
import {
  EDITABLE_SETTINGS,
  formValuesOf,
  SETTING_FIELDS,
  type SettingsFormValues,
  SettingsPage,
} from "./views/settings-page.js";

const SettingsBody = Type.Composite([Type.Pick(SiteSettingsSchema, EDITABLE_SETTINGS), CsrfOnlyBody]);

/** Every setting's field, filled with what the staff member typed (empty where they typed nothing). */
const typedValuesOf = (typed: TypedValues): SettingsFormValues =>
  Object.fromEntries(EDITABLE_SETTINGS.map((key) => [key, typed[key] ?? ""])) as SettingsFormValues;

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

    scope.post("/settings/", { schema: { body: SettingsBody }, attachValidation: true }, (request, reply) =>
      submitForm(request, {
        rules: SETTING_FIELDS,
        run: async () => {
          const { _csrf, ...changes } = request.body;
          const before = await getSiteSettings(db);
          await updateSiteSettings(db, changes);
          noteChange(request, before, changes);
        },
        done: () => reply.redirect("/admin/settings/?notice=saved", 303),
        show: async (problem, typed) => {
          const view = await adminView(ctx, request, reply);
          const page = <SettingsPage view={view} values={typedValuesOf(typed)} problem={problem} />;
          return sendAdminPage(reply, page, problem.status);
        },
      }),
    );
  });
}
