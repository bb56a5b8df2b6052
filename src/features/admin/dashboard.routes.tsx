import type { AppContext } from "../../http/context.js";
import type { Router } from "../../http/schemas.js";
import type { DailySeries } from "../../storage/daily.js";
import { h } from "../../views/jsx.js";
import { countArticlesByState, countPublishedPerWeek } from "../articles/article.repository.js";
import { adminView, sendAdminPage } from "./admin-view.js";
import { BUCKET_MS, bucketStart, fillBuckets } from "./chart/buckets.js";
import { loadDailySeries } from "./chart/series-registry.js";
import { DashboardPage } from "./views/dashboard-page.js";

const WEEKS_SHOWN = 26;

/** The staff home page, open to every staff member: article counts and activity charts. */
export async function dashboardRoutes(
  admin: Router,
  ctx: AppContext,
  dashboardSeries: readonly DailySeries[],
): Promise<void> {
  const { db } = ctx.storage;

  admin.get("/", async (request, reply) => {
    const now = ctx.clock();
    const first = bucketStart(now, "week") - (WEEKS_SHOWN - 1) * BUCKET_MS.week;
    const [counts, weekly, daily] = await Promise.all([
      countArticlesByState(db, now),
      countPublishedPerWeek(db, { since: first, now }),
      loadDailySeries(db, dashboardSeries, now),
    ]);
    const publishedPerWeek = fillBuckets(
      weekly.map(({ weekStart, count }) => ({ at: weekStart, value: count })),
      { first, count: WEEKS_SHOWN, bucket: "week" },
    );
    const view = await adminView(ctx, request, reply);
    return sendAdminPage(reply, <DashboardPage view={view} data={{ counts, publishedPerWeek, daily }} />);
  });
}
