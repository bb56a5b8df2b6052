import type { DailySeries, DashboardSeries } from "../../../storage/daily.js";
import type { Db } from "../../../storage/storage.js";
import { bucketStart, type ChartPoint, DAY_MS, fillBuckets } from "./buckets.js";

/** How many days (today included) the daily charts cover. */
export const DAILY_DAYS = 30;

export interface LoadedSeries {
  series: DailySeries;
  points: ChartPoint[];
}

/** The daily charts, and the lines series sets wrote about what they left out. */
export interface DailySection {
  charts: LoadedSeries[];
  notes: string[];
}

/** Every series' last DAILY_DAYS days, one point per day (UTC), ready for the Chart; sets are resolved first. */
export async function loadDailySeries(
  db: Db,
  registered: readonly DashboardSeries[],
  now: number,
): Promise<DailySection> {
  const first = bucketStart(now, "day") - (DAILY_DAYS - 1) * DAY_MS;
  const range = { from: first, to: now };
  const resolved = await Promise.all(
    registered.map(async (entry) => ("id" in entry ? { series: [entry] } : entry.load(db, range))),
  );
  const series: DailySeries[] = resolved.flatMap((entry) => entry.series);
  const notes = resolved.flatMap((entry) => ("note" in entry && entry.note ? [entry.note] : []));
  const charts = await Promise.all(
    series.map(async (one) => {
      const values = await one.load(db, { from: first, to: now });
      const points = fillBuckets(
        values.map(({ day, value }) => ({ at: day, value })),
        { first, count: DAILY_DAYS, bucket: "day" },
      );
      return { series: one, points };
    }),
  );
  return { charts, notes };
}
