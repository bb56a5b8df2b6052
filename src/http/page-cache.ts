import { createHash } from "node:crypto";

/**
 * Marks a place in a shared page where live, per-request content goes (the vote counts, the
 * comment form with the reader's own held comments): the page around it is cached, the holes are
 * filled on every request, in the order they appear.
 */
export const PAGE_HOLE = "<!--masthead:live-->";

export interface CachedPage {
  /** Encoded once here rather than on every response; the part before the first hole if there is one. */
  body: Buffer;
  /** The parts after each hole, when the page has holes. */
  tail?: Buffer[];
  etag: string;
  /** When what the page shows last changed (feeds: their newest entry), for `Last-Modified`. */
  lastModified?: number;
  /** The page's own Content-Security-Policy, when the site's differs from the default (decision 0047). */
  contentSecurityPolicy?: string;
  /**
   * The page as sent, per content coding (identity: uncompressed), made on the first request that
   * takes each and kept with the page; for a page with holes, as last sent with the live parts tagged
   * `liveTag`. While the live parts stay the same, a request costs no copying at all.
   */
  copies?: { liveTag?: string; identity?: Buffer; br?: Buffer; gzip?: Buffer };
  /** Called after `copies` changed, so that the cache holding the page counts their bytes too. */
  copiesChanged?: () => void;
}

interface Entry extends CachedPage {
  key: string;
  version: number;
  validUntil: number;
  renderedAt: number;
  /** What the entry holds, as counted against the cache's byte budget. */
  bytes: number;
}

export interface PageLookup {
  /**
   * For pages that change without a content write (vote rankings): a render older than this is not
   * served, however current its content version.
   */
  maxAgeMs?: number;
}

/** A render that finds nothing to show returns null, which is not cached: unknown URLs must not evict pages. */
export type PageRenderer = () => Promise<{ body: string; lastModified?: number } | null>;

export interface PageCacheSources {
  /** The shared content version; it changes whenever anything a public page shows changes. */
  currentVersion: () => Promise<number>;
  /** When pages go stale without any write (a scheduled article coming due); Infinity if never. */
  nextChangeAt: (now: number) => Promise<number>;
  now: () => number;
  /** The public pages' CSP when it differs from the default (the owner's injected code); read per render. */
  contentSecurityPolicy?: () => Promise<string | undefined>;
}

/**
 * Rendered public pages, shared by every reader. An entry is served only while the content
 * version it was rendered at is still current and the next scheduled change has not come, so a
 * change shows on the very next request while unchanged pages cost one tiny read.
 *
 * The cache holds at most `maxBytes`: keys, pages and the encoded copies kept with them (pages
 * range from 2 kB to megabytes, so a count of entries would bound nothing). Past it, the least
 * recently rendered pages go first.
 */
export class PageCache {
  /** Requests answered from the cache, and renders; plain numbers, read by /metrics when it is on. */
  hits = 0;
  misses = 0;
  private heldBytes = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly rendering = new Map<string, Promise<CachedPage | null>>();

  constructor(
    private readonly sources: PageCacheSources,
    readonly maxBytes: number,
  ) {}

  /** The bytes the cache holds now, never more than `maxBytes` between requests. */
  get bytes(): number {
    return this.heldBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: string, render: PageRenderer, lookup: PageLookup = {}): Promise<CachedPage | null> {
    const version = await this.sources.currentVersion();
    const now = this.sources.now();
    const entry = this.entries.get(key);
    const maxAgeMs = lookup.maxAgeMs ?? Number.POSITIVE_INFINITY;
    if (entry && entry.version === version && now < entry.validUntil && now - entry.renderedAt < maxAgeMs) {
      this.hits++;
      return entry;
    }
    // Concurrent misses for one page wait for a single render instead of each rendering it.
    const inFlight = this.rendering.get(key);
    if (inFlight) return inFlight;
    this.misses++;
    const rendered = this.renderAndStore(key, version, now, render).finally(() => this.rendering.delete(key));
    this.rendering.set(key, rendered);
    return rendered;
  }

  private async renderAndStore(
    key: string,
    version: number,
    now: number,
    render: PageRenderer,
  ): Promise<CachedPage | null> {
    const [page, validUntil, contentSecurityPolicy] = await Promise.all([
      render(),
      this.sources.nextChangeAt(now),
      this.sources.contentSecurityPolicy?.(),
    ]);
    if (!page) return null;
    const [first = "", ...rest] = page.body.split(PAGE_HOLE);
    const parts =
      rest.length === 0
        ? { body: Buffer.from(first) }
        : { body: Buffer.from(first), tail: rest.map((part) => Buffer.from(part)) };
    const etag = etagOf(parts);
    const entry: Entry = {
      ...parts,
      key,
      etag,
      version,
      validUntil,
      renderedAt: now,
      bytes: 0,
      lastModified: page.lastModified,
    };
    if (contentSecurityPolicy) entry.contentSecurityPolicy = contentSecurityPolicy;
    entry.copiesChanged = () => this.recount(entry);
    this.remove(key);
    this.entries.set(key, entry);
    this.recount(entry);
    return entry;
  }

  /** Counts the entry's bytes afresh, unless it has left the cache meanwhile, and keeps to the budget. */
  private recount(entry: Entry): void {
    if (this.entries.get(entry.key) !== entry) return;
    const bytes = bytesHeldBy(entry);
    this.heldBytes += bytes - entry.bytes;
    entry.bytes = bytes;
    while (this.heldBytes > this.maxBytes) {
      // Map keeps insertion order, so the first key is the least recently rendered page.
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }
}

/** The key, the page's parts and its copies; a page without holes sends its body as is, not a copy. */
function bytesHeldBy(entry: Entry): number {
  const { copies } = entry;
  const copyBytes =
    (copies?.identity && copies.identity !== entry.body ? copies.identity.length : 0) +
    (copies?.br?.length ?? 0) +
    (copies?.gzip?.length ?? 0);
  const tailBytes = entry.tail?.reduce((sum, part) => sum + part.length, 0) ?? 0;
  return Buffer.byteLength(entry.key) + entry.body.length + tailBytes + copyBytes;
}

/**
 * The page's bytes hashed as they are kept, so the page is encoded to UTF-8 once, not once more for
 * the hash; each hole is hashed as a NUL byte, so a page whose hole moved gets another tag.
 */
function etagOf(parts: { body: Buffer; tail?: Buffer[] }): string {
  const hash = createHash("sha1").update(parts.body);
  for (const part of parts.tail ?? []) hash.update(HOLE_IN_HASH).update(part);
  return `"${hash.digest("base64url")}"`;
}
const HOLE_IN_HASH = Buffer.of(0);
