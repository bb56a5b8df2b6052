import { MinuteRateLimit } from "./minute-limit.js";

/** One key to count, e.g. `vote-ip:203.0.113.9`, and how many requests it may make per clock minute. */
export interface LimitCheck {
  readonly key: string;
  readonly perMinute: number;
}

/**
 * "The limiter": every per-minute rate limit that must hold across all instances (votes, comments,
 * reader sign-in links) asks it, never Redis itself. Each call counts one request against every key,
 * in fixed clock-minute windows of `now`, and answers false when any key is over its limit.
 */
export interface RateLimiter {
  allow(now: number, checks: readonly LimitCheck[]): Promise<boolean>;
  /** Whether the shared store answers now (for /readyz). */
  isReachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** The embedded default: counts in this process's memory, so the limits are per instance. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new MinuteRateLimit();

  async allow(now: number, checks: readonly LimitCheck[]): Promise<boolean> {
    let allowed = true;
    // Every key is counted even after one is over, as the Redis script does, so both agree exactly.
    for (const { key, perMinute } of checks) allowed = this.counts.allow(key, now, perMinute) && allowed;
    return allowed;
  }

  async isReachable(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {}
}
