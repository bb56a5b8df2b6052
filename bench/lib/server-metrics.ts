import { httpGetOk } from "./http-get.js";

/** The server's V8 heap, in MiB, as its /metrics reports it (prom-client's default metrics). */
export interface HeapFigures {
  /** Committed to the young generation: both semi-spaces. */
  youngMiB: number;
  /** Old space in use, live objects and promoted garbage not yet collected alike. */
  oldUsedMiB: number;
  /** Committed to the whole heap, young generation included. */
  heapMiB: number;
}

const MIB = 1024 * 1024;

function gauge(text: string, series: string): number {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  const value = Number(line?.slice(series.length + 1));
  if (line === undefined || !Number.isFinite(value)) throw new Error(`/metrics has no ${series}`);
  return value;
}

/** The server's /metrics, which answers only with the site's METRICS_TOKEN. */
async function readMetrics(origin: string, metricsToken: string): Promise<string> {
  return (await httpGetOk(`${origin}/metrics`, { authorization: `Bearer ${metricsToken}` })).body.toString(
    "utf8",
  );
}

/** Reads the heap figures from /metrics. */
export async function readHeapFigures(origin: string, metricsToken: string): Promise<HeapFigures> {
  const text = await readMetrics(origin, metricsToken);
  return {
    youngMiB: gauge(text, 'nodejs_heap_space_size_total_bytes{space="new"}') / MIB,
    oldUsedMiB: gauge(text, 'nodejs_heap_space_size_used_bytes{space="old"}') / MIB,
    heapMiB: gauge(text, "nodejs_heap_size_total_bytes") / MIB,
  };
}

/** The young generation's ceiling: two semi-spaces of `--max-semi-space-size` MiB each, or undefined without the flag. */
export function youngGenerationCapMiB(nodeFlags: readonly string[]): number | undefined {
  for (const flag of nodeFlags) {
    const match = /^--max-semi-space-size=(\d+)$/.exec(flag);
    if (match) return 2 * Number(match[1]);
  }
  return undefined;
}

/** Requests answered so far, by the upper bound of their duration bucket in seconds, summed over every route. */
export type DurationBuckets = Map<number, number>;

const DURATION_BUCKET = /^masthead_http_request_duration_seconds_bucket\{le="([^"]+)",.*\} (\d+)$/;

/** The server's own request durations from /metrics (from its reading of a request to the response sent). */
export async function readRequestDurations(origin: string, metricsToken: string): Promise<DurationBuckets> {
  const buckets: DurationBuckets = new Map();
  for (const line of (await readMetrics(origin, metricsToken)).split("\n")) {
    const match = DURATION_BUCKET.exec(line);
    if (!match) continue;
    const bound = match[1] === "+Inf" ? Number.POSITIVE_INFINITY : Number(match[1]);
    buckets.set(bound, (buckets.get(bound) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/**
 * The bucket bound (ms) under which `share` of the requests answered between two readings fell: the
 * server's percentile, to the histogram's resolution. The metrics request itself is one of them.
 */
export function percentileBetween(before: DurationBuckets, after: DurationBuckets, share: number): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const countAt = (bound: number) => (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
  const total = countAt(Number.POSITIVE_INFINITY);
  const bound = bounds.find((candidate) => countAt(candidate) >= share * total);
  return (bound ?? Number.POSITIVE_INFINITY) * 1000;
}
