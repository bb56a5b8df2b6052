export type Bucket = "day" | "week";

export const DAY_MS = 24 * 3_600_000;
export const BUCKET_MS: Record<Bucket, number> = { day: DAY_MS, week: 7 * DAY_MS };
/** 1970-01-05, the first Monday after the epoch: weeks are counted from it, so each starts on a Monday. */
const EPOCH_MONDAY = 4 * DAY_MS;

/** The start (00:00 UTC; Monday for weeks) of the day or week containing `at`. */
export function bucketStart(at: number, bucket: Bucket): number {
  const origin = bucket === "week" ? EPOCH_MONDAY : 0;
  const size = BUCKET_MS[bucket];
  return at - ((((at - origin) % size) + size) % size);
}

export interface ChartPoint {
  /** Start of the bucket, epoch ms. */
  at: number;
  value: number;
}

/**
 * One point for each of `count` buckets from `first` (a bucket start), oldest first: values that
 * fall in the same bucket add up, buckets without any are 0, and values outside are dropped.
 */
export function fillBuckets(
  values: Iterable<ChartPoint>,
  range: { first: number; count: number; bucket: Bucket },
): ChartPoint[] {
  const size = BUCKET_MS[range.bucket];
  const points = Array.from({ length: range.count }, (_, i) => ({ at: range.first + i * size, value: 0 }));
  for (const { at, value } of values) {
    const point = points[Math.floor((at - range.first) / size)];
    if (point) point.value += value;
  }
  return points;
}
