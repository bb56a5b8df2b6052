/**
 * Votes per reader per minute, in memory (fixed one-minute windows). Per-address limits are
 * @fastify/rate-limit's; this one follows the voter cookie, which an address limit cannot see.
 */
export class ReaderRateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly maxEntries = 100_000) {}

  /** Counts one vote; false when the reader is over `perMinute` in the current minute. */
  allow(readerKey: string, now: number, perMinute: number): boolean {
    const start = now - (now % 60_000);
    const window = this.windows.get(readerKey);
    if (!window || window.start !== start) {
      if (this.windows.size >= this.maxEntries) this.forgetOldWindows(start);
      this.windows.set(readerKey, { start, count: 1 });
      return true;
    }
    window.count++;
    return window.count <= perMinute;
  }

  private forgetOldWindows(currentStart: number) {
    for (const [key, window] of this.windows) if (window.start !== currentStart) this.windows.delete(key);
  }
}
