import { runWrk } from "./wrk.js";

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  headers?: Record<string, string>;
}

export interface LoadSummary {
  url: string;
  seconds: number;
  connections: number;
  requestsPerSec: number;
  totalRequests: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyAvgMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

/** One wrk run of plain GETs, reduced to the figures we compare. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const report = await runWrk(options);
  const seconds = report.durationUs / 1e6;
  return {
    url: options.url,
    seconds,
    connections: options.connections,
    requestsPerSec: report.requests / seconds,
    totalRequests: report.requests,
    latencyP50Ms: report.latencyP50Us / 1000,
    latencyP99Ms: report.latencyP99Us / 1000,
    latencyAvgMs: report.latencyMeanUs / 1000,
    non2xx: report.non2xx3xx,
    errors: report.connectErrors + report.readErrors + report.writeErrors + report.timeouts,
    timeouts: report.timeouts,
  };
}

/** A throughput figure is meaningless if any of the responses were failures. */
export function assertClean(label: string, summary: LoadSummary): void {
  const { non2xx, errors, totalRequests } = summary;
  if (non2xx > 0 || errors > 0 || totalRequests === 0)
    throw new Error(`${label}: ${totalRequests} requests, ${non2xx} non-2xx, ${errors} errors`);
}

/** A short unrecorded run first (JIT, pools, caches), then the measured one; both must be clean. */
export async function warmUpAndMeasure(
  label: string,
  options: LoadOptions & { warmUpSeconds: number },
): Promise<LoadSummary> {
  const { warmUpSeconds, ...load } = options;
  assertClean(`${label} warm-up`, await runLoad({ ...load, seconds: warmUpSeconds }));
  const summary = await runLoad(load);
  assertClean(label, summary);
  return summary;
}

/**
 * Two servers measured in turns, A B A B, each turn a full measured run after one warm-up each: on
 * these shared machines throughput drifts by a third from one run to the next, and alternating puts
 * both sides through the same drift. Returns each side's runs and their mean req/s.
 */
export async function measureInTurns(
  a: { label: string; url: string },
  b: { label: string; url: string },
  options: Omit<LoadOptions, "url"> & { warmUpSeconds: number; turns: number },
): Promise<{ a: LoadSummary[]; b: LoadSummary[]; aPerSec: number; bPerSec: number }> {
  const { warmUpSeconds, turns, ...load } = options;
  for (const side of [a, b]) {
    assertClean(`${side.label} warm-up`, await runLoad({ ...load, url: side.url, seconds: warmUpSeconds }));
  }
  const runs = { a: [] as LoadSummary[], b: [] as LoadSummary[] };
  for (let turn = 0; turn < turns; turn++) {
    for (const [key, side] of [
      ["a", a],
      ["b", b],
    ] as const) {
      const summary = await runLoad({ ...load, url: side.url });
      assertClean(side.label, summary);
      runs[key].push(summary);
    }
  }
  const mean = (list: LoadSummary[]) => list.reduce((sum, run) => sum + run.requestsPerSec, 0) / list.length;
  return { ...runs, aPerSec: mean(runs.a), bPerSec: mean(runs.b) };
}
