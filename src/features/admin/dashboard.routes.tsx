import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import type { DashboardSeries } from "../../storage/daily.js";
import { h } from "../../views/jsx.js";
import { currentStaff } from "../accounts/staff-session.js";
import { countArticlesByState, countPublishedPerWeek } from "../articles/article.repository.js";
import { adminView, sendAdminPage } from "./admin-view.js";
import { BUCKET_MS, bucketStart, fillBuckets } from "./chart/buckets.js";
import { loadDailySeries } from "./chart/series-registry.js";
import type { DashboardPanel } from "./dashboard-panel.js";
import { DashboardPage } from "./views/dashboard-page.js";

const WEEKS_SHOWN = 26;

/** The staff home page, open to every staff member: article counts and activity charts. */
export async function dashboardRoutes(
  admin: Router,
  ctx: AppContext,
  parts: { dashboardSeries: readonly DashboardSeries[]; dashboardPanels: readonly DashboardPanel[] },
): Promise<void> {
  const { dashboardSeries, dashboardPanels } = parts;
  const { db } = ctx.storage;

  admin.get("/", async (request, reply) => {
    const now = ctx.clock();
    const first = bucketStart(now, "week") - (WEEKS_SHOWN - 1) * BUCKET_MS.week;
    const staff = currentStaff(request);
    const { settings } = await ctx.loadChrome();
    const [counts, weekly, daily, panels] = await Promise.all([
      countArticlesByState(db, now),
      countPublishedPerWeek(db, { since: first, now }),
      loadDailySeries(db, dashboardSeries, now),
      Promise.all(dashboardPanels.map((panel) => panel.render({ db, staff, timeZone: settings.timeZone }))),
    ]);
    const publishedPerWeek = fillBuckets(
      weekly.map(({ weekStart, count }) => ({ at: weekStart, value: count })),
      { first, count: WEEKS_SHOWN, bucket: "week" },
    );
    const view = await adminView(ctx, request, reply);
    return sendAdminPage(
      reply,
      <DashboardPage view={view} data={{ counts, publishedPerWeek, daily, panels }} />,
    );
  });
}
