import autocannon from "autocannon";

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  pipelining?: number;
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

/** Benchmarks must never leave the machine: a remote target would measure the network, not us. */
function assertLoopback(url: string): void {
  const { hostname } = new URL(url);
  if (hostname !== "127.0.0.1") throw new Error(`refusing to load ${url}: only 127.0.0.1 is allowed`);
}

/** One autocannon run, reduced to the figures we compare. */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  assertLoopback(options.url);
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    pipelining: options.pipelining ?? 1,
  });
  return {
    url: options.url,
    seconds: result.duration,
    connections: options.connections,
    requestsPerSec: result.requests.average,
    totalRequests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    latencyAvgMs: result.latency.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** A throughput figure is meaningless if any of the responses were failures. */
export function assertClean(label: string, summary: LoadSummary): void {
  const { non2xx, errors, totalRequests } = summary;
  if (non2xx > 0 || errors > 0 || totalRequests === 0)
    throw new Error(`${label}: ${totalRequests} requests, ${non2xx} non-2xx, ${errors} errors`);
}

/**
 * A short unrecorded run first (JIT, pools, caches), then the measured one; both must be clean.
 * The warm-up needs at least one second because autocannon samples once a second.
 */
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
