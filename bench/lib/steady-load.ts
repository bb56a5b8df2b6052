import { Agent, request } from "node:http";

/** One request the load sends, and how to tell from its answer whether the app did what was asked. */
export interface SteadyRequest {
  kind: string;
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called with every answer; false counts the request as an error. */
  accept(status: number, body: string): boolean;
}

/** What one sampling window saw: the requests answered (or failed) in it. */
export interface WindowFigures {
  requests: number;
  errors: number;
  /** Requests that were due but not sent, because maxInFlight were still unanswered. */
  shed: number;
  latencyP99Ms: number;
}

export interface SteadyLoadOptions {
  /** The app's origin, http://127.0.0.1:PORT. */
  url: string;
  requestsPerSec: number;
  /** The request with this index in the schedule (0, 1, 2, ...). */
  next(index: number): SteadyRequest;
  /** Past this many unanswered requests the due ones are shed (and counted), so a stalled app cannot grow the client without end. */
  maxInFlight: number;
}

/** How often the schedule is checked for due requests. */
const TICK_MS = 5;
/**
 * Answers slower than this count as errors (and as timeouts). Long, because a request given up on may
 * still be carried out: a vote the client stopped waiting for can be committed, and then the stored
 * counts no longer equal the acknowledged ones.
 */
const TIMEOUT_MS = 60_000;

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
}

/** An answer that cannot be read (say, JSON cut short) is an error like any other. */
function accepts(next: SteadyRequest, status: number, body: Buffer): boolean {
  try {
    return next.accept(status, body.toString("utf8"));
  } catch {
    return false;
  }
}

/**
 * An open-loop load at a fixed rate: request i is due at start + i / rate whatever the app's answers,
 * and its latency counts from that due time, so a stalled app shows as slow answers rather than as a
 * lower rate (no coordinated omission). Figures are kept per window (takeWindow) and per kind.
 */
export class SteadyLoad {
  private readonly agent: Agent;
  private startedAt = 0;
  private scheduled = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private idle: (() => void) | undefined;
  private window = { latencies: [] as number[], errors: 0, shed: 0 };
  readonly totals = new Map<string, { sent: number; errors: number; timeouts: number; shed: number }>();

  constructor(private readonly options: SteadyLoadOptions) {
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxInFlight });
  }

  start(): void {
    this.startedAt = performance.now();
    this.timer = setInterval(() => this.sendDue(), TICK_MS);
  }

  /** The figures since the last call, and a fresh window. */
  takeWindow(): WindowFigures {
    const { latencies, errors, shed } = this.window;
    this.window = { latencies: [], errors: 0, shed: 0 };
    latencies.sort((a, b) => a - b);
    return { requests: latencies.length, errors, shed, latencyP99Ms: percentile(latencies, 0.99) };
  }

  /** Sends nothing more and resolves once every request sent has been answered or has failed. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    this.agent.destroy();
  }

  private totalsOf(kind: string) {
    let totals = this.totals.get(kind);
    if (!totals) {
      totals = { sent: 0, errors: 0, timeouts: 0, shed: 0 };
      this.totals.set(kind, totals);
    }
    return totals;
  }

  private sendDue(): void {
    const elapsedMs = performance.now() - this.startedAt;
    const due = Math.floor((elapsedMs / 1000) * this.options.requestsPerSec);
    while (this.scheduled < due) {
      const index = this.scheduled++;
      const dueAt = this.startedAt + (index * 1000) / this.options.requestsPerSec;
      const next = this.options.next(index);
      if (this.inFlight >= this.options.maxInFlight) {
        this.window.shed++;
        this.totalsOf(next.kind).shed++;
        continue;
      }
      this.send(next, dueAt);
    }
  }

  private send(next: SteadyRequest, dueAt: number): void {
    const totals = this.totalsOf(next.kind);
    totals.sent++;
    this.inFlight++;
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      this.window.latencies.push(performance.now() - dueAt);
      if (!ok) {
        this.window.errors++;
        totals.errors++;
      }
      this.inFlight--;
      if (this.inFlight === 0) this.idle?.();
    };
    const req = request(
      `${this.options.url}${next.path}`,
      { method: next.method, headers: next.headers, agent: this.agent, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", () => settle(false));
        res.on("end", () => settle(accepts(next, res.statusCode ?? 0, Buffer.concat(chunks))));
      },
    );
    req.on("timeout", () => {
      totals.timeouts++;
      req.destroy(new Error("timed out"));
    });
    req.on("error", () => settle(false));
    req.end(next.body);
  }
}
