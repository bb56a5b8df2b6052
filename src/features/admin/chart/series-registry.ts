import type { DailySeries } from "../../../storage/daily.js";
import type { Db } from "../../../storage/storage.js";
import { bucketStart, type ChartPoint, DAY_MS, fillBuckets } from "./buckets.js";

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
