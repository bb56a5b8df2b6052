import type { Db } from "../../../storage/storage.js";
import { commentsPerDay } from "../../comments/comment.repository.js";
import { donationSeries } from "../../donations/donation.repository.js";
import { votesPerDay } from "../../votes/vote.repository.js";
import { bucketStart, type ChartPoint, DAY_MS, fillBuckets } from "./buckets.js";

/**
 * A number per day that the staff dashboard draws under "Reader activity (daily)".
 *
 * How a feature adds one (votes, comments, donations…):
 * 1. In the feature, export a `DailySeries`. Its `load` queries the feature's own tables for
 *    `range.from <= t < range.to` and returns a point for each day that has any activity; days it
 *    leaves out are drawn as 0, and points on the same day add up. Group in SQL by the day index
 *    `(t - from) / 86400000` with `from` and the divisor inlined as literals (`eb.lit`), not bound
 *    parameters, so both dialects divide integers (see countPublishedPerWeek in article.repository.ts),
 *    and return `day: from + index * DAY_MS`.
 * 2. Import it here and append it to `dashboardSeries`. The dashboard loads every series for the last
 *    DAILY_DAYS days and draws each one with the shared Chart, in this order.
 */
export interface DailySeries {
  /** Unique and stable, lowercase with hyphens: it names the chart's element ids. */
  id: string;
  label: string;
  /** What is counted, plural ("votes"); "" when the label says it all. */
  unit?: string;
  load(db: Db, range: { from: number; to: number }): Promise<Array<{ day: number; value: number }>>;
}

export const dashboardSeries: readonly DailySeries[] = [votesPerDay, commentsPerDay, ...donationSeries];

/** How many days (today included) the daily charts cover. */
export const DAILY_DAYS = 30;

export interface LoadedSeries {
  series: DailySeries;
  points: ChartPoint[];
}

/** Every series' last DAILY_DAYS days, one point per day (UTC), ready for the Chart. */
export async function loadDailySeries(
  db: Db,
  series: readonly DailySeries[],
  now: number,
): Promise<LoadedSeries[]> {
  const first = bucketStart(now, "day") - (DAILY_DAYS - 1) * DAY_MS;
  return Promise.all(
    series.map(async (one) => {
      const values = await one.load(db, { from: first, to: now });
      const points = fillBuckets(
        values.map(({ day, value }) => ({ at: day, value })),
        { first, count: DAILY_DAYS, bucket: "day" },
      );
      return { series: one, points };
    }),
  );
}
