import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import { requirePermission } from "../accounts/roles.js";
import { currentStaff } from "../accounts/staff-session.js";
import { campaignAdminRoutes } from "./campaign.admin.routes.js";
import { donationListRoutes } from "./donation-list.routes.js";
import { fulfilmentRoutes } from "./fulfilment.routes.js";
import { rewardAdminRoutes } from "./reward.admin.routes.js";

/**
 * Staff pages for donations, for editors and up (donors' e-mail and postal addresses are personal data):
 * the list with totals and CSV, a donor's history, the fulfilment queue, rewards and campaigns.
 */
export async function donationAdminRoutes(admin: Router, ctx: AppContext): Promise<void> {
  await admin.register(async (scope: Router) => {
    scope.addHook("onRequest", async (request) => {
      requirePermission(currentStaff(request).role, { kind: "donations.manage" });
    });
    await donationListRoutes(scope, ctx);
    await fulfilmentRoutes(scope, ctx);
    await rewardAdminRoutes(scope, ctx);
    await campaignAdminRoutes(scope, ctx);
  });
}
