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

/** Reads the heap figures from /metrics, which answers only with the site's METRICS_TOKEN. */
export async function readHeapFigures(origin: string, metricsToken: string): Promise<HeapFigures> {
  const text = (
    await httpGetOk(`${origin}/metrics`, { authorization: `Bearer ${metricsToken}` })
  ).body.toString("utf8");
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
