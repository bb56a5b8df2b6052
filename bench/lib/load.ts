import { runWrk } from "./wrk.js";

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
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
