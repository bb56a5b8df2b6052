import type Stripe from "stripe";
import type { Config } from "../config.js";
import type { Clock } from "../core/clock.js";
import type { CacheSizes } from "../core/sized-cache.js";
import type { Mailer } from "../features/mail/mailer.js";
import type { MediaStore } from "../storage/media-store.js";
import type { Storage } from "../storage/storage.js";
import type { SiteChrome } from "../views/site.js";
import type { AppMetrics } from "./app-metrics.js";
import type { RateLimiter } from "./limiter.js";
import type { LoopShare } from "./loop-share.js";
import type { PageCache } from "./page-cache.js";

/** What route plugins receive: the handles they pass on to feature functions. */
export interface AppContext {
  config: Config;
  storage: Storage;
  clock: Clock;
  pageCache: PageCache;
  /** Search results pages, in a budget of their own (decision 0051). */
  searchCache: PageCache;
  loadChrome: () => Promise<SiteChrome>;
  mailer: Mailer;
  /** The Stripe API client; null when payments are not set up (no `STRIPE_SECRET_KEY`). */
  stripe: Stripe | null;
  /** How much of the event loop background requests (votes) may take while page views want it. */
  loopShare: LoopShare;
  /** Per-minute rate limits, shared by every instance when Redis is configured. */
  limiter: RateLimiter;
  /** Uploaded images: local disk or an S3 bucket. */
  media: MediaStore;
  /** The in-process caches features keep, by name, for /metrics to report their sizes. */
  caches: CacheSizes;
  /** What features report to /metrics (nothing is kept without METRICS_TOKEN). */
  metrics: AppMetrics;
}
