/**
 * A map that keeps its most recently used entries within a byte budget: when an addition passes the
 * budget, the least recently used entries go first, and an entry bigger than the whole budget is not
 * kept at all. Bounding by bytes rather than entries keeps memory flat whatever the entries are: one
 * article's comment thread can be 2 KB or 2 MB. Sizes are the caller's (see `stringBytes`).
 */
export class SizedCache<K, V> {
  /** Bytes held now, as the callers sized their entries. */
  bytes = 0;
  private readonly entries = new Map<K, { value: V; bytes: number }>();

  constructor(readonly budgetBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: moved to the end, the first entry is always the least recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, bytes: number): void {
    this.delete(key);
    if (bytes > this.budgetBytes) return;
    this.entries.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [oldest] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }
}

/** What a string costs in V8 at most (two bytes a character), plus its key and bookkeeping. */
export const stringBytes = (...texts: string[]): number =>
  texts.reduce((sum, text) => sum + 2 * text.length, 64);

/** The in-process caches by name, so /metrics can report their sizes without knowing the features. */
export class CacheSizes {
  private readonly caches = new Map<string, { readonly bytes: number; readonly size: number }>();

  register(name: string, cache: { readonly bytes: number; readonly size: number }): void {
    this.caches.set(name, cache);
  }

  list(): { name: string; bytes: number; entries: number }[] {
    return [...this.caches].map(([name, cache]) => ({ name, bytes: cache.bytes, entries: cache.size }));
  }
}
