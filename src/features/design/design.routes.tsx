import { Type } from "@sinclair/typebox";
import type { AppContext } from "../../http/context.js";
import { submitForm, type TypedValues } from "../../http/forms.js";
import { CsrfOnlyBody, type Router } from "../../http/schemas.js";
import { h } from "../../views/jsx.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { adminView, sendAdminPage } from "../admin/admin-view.js";
import { noteChange } from "../audit/audit.recorder.js";
import { getSiteSettings, SiteSettingsSchema, updateSiteSettings } from "../settings/settings.js";
import { makeSiteIcons } from "./icons.js";
import {
  DESIGN_FIELDS,
  DESIGN_SETTINGS,
  type DesignFormValues,
  DesignPage,
  designValuesOf,
  OWNER_CODE_SETTINGS,
} from "./views/design-page.js";

const code = SiteSettingsSchema.properties;
/**
 * The owner's code is optional and has no default: an administrator's form leaves it out, and a
 * default would let their save wipe the owner's code.
 */
const DesignBody = Type.Composite([
  Type.Pick(SiteSettingsSchema, DESIGN_SETTINGS),
  Type.Object({
    customCss: Type.Optional(Type.String({ maxLength: code.customCss.maxLength })),
    headCode: Type.Optional(Type.String({ maxLength: code.headCode.maxLength })),
    footerCode: Type.Optional(Type.String({ maxLength: code.footerCode.maxLength })),
  }),
  CsrfOnlyBody,
]);

const typedValuesOf = (typed: TypedValues): DesignFormValues =>
  Object.fromEntries(
    [...DESIGN_SETTINGS, ...OWNER_CODE_SETTINGS].map((key) => [key, typed[key] ?? ""]),
  ) as DesignFormValues;

/** Settings → Design (decision 0047): administrators set the look; only the owner sets custom code. */
export async function designRoutes(admin: Router, ctx: AppContext): Promise<void> {
  const { db } = ctx.storage;

  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "settings.manage" });
    });

    scope.get("/settings/design/", async (request, reply) => {
      const view = await adminView(ctx, request, reply);
      const owner = currentStaff(request).role === "owner";
      return sendAdminPage(
        reply,
        <DesignPage view={view} values={designValuesOf(await getSiteSettings(db), owner)} />,
      );
    });

    scope.post(
      "/settings/design/",
      { schema: { body: DesignBody }, attachValidation: true },
      (request, reply) =>
        submitForm(request, {
          rules: DESIGN_FIELDS,
          run: async () => {
            const { _csrf, ...changes } = request.body;
            if (OWNER_CODE_SETTINGS.some((key) => changes[key] !== undefined))
              requirePermission(currentStaff(request).role, { kind: "site.code" });
            const before = await getSiteSettings(db);
            if (changes.iconUrl && changes.iconUrl !== before.iconUrl)
              await makeSiteIcons(ctx.media, changes.iconUrl);
            await updateSiteSettings(db, changes);
            noteChange(request, before, changes);
          },
          done: () => reply.redirect("/admin/settings/design/?notice=saved", 303),
          show: async (problem, typed) => {
            const view = await adminView(ctx, request, reply);
            const page = <DesignPage view={view} values={typedValuesOf(typed)} problem={problem} />;
            return sendAdminPage(reply, page, problem.status);
          },
        }),
    );
  });
}
