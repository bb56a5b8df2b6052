import cluster from "node:cluster";
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { CacheSizes } from "../core/sized-cache.js";
import type { Storage } from "../storage/storage.js";
import type { AppMetrics } from "./app-metrics.js";
import { clusterMetricsText } from "./cluster-metrics.js";
import type { PageCache } from "./page-cache.js";

const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;

interface RouteSeries {
  duration: { observe(seconds: number): void };
  byStatus: { inc(): void }[];
}

/** A counter that reads a running total kept elsewhere, when Prometheus scrapes. */
function countedElsewhere(registry: Registry, name: string, help: string, read: () => number) {
  let reported = 0;
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const total = read();
      this.inc(total - reported);
      reported = total;
    },
  });
}

/** A read on scrape, e.g. a cache's size (with workers, the primary sums every worker's). */
function gaugedElsewhere(registry: Registry, name: string, help: string, read: () => number) {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}

/** A page cache's hits and misses, and its budget (what it holds is among the caches' sizes). */
function reportCache(registry: Registry, prefix: string, kind: string, cache: PageCache) {
  countedElsewhere(
    registry,
    `${prefix}_hits_total`,
    `Views of a ${kind} served from its cache`,
    () => cache.hits,
  );
  countedElsewhere(
    registry,
    `${prefix}_misses_total`,
    `Renders of a ${kind} (cache misses)`,
    () => cache.misses,
  );
  gaugedElsewhere(registry, `${prefix}_max_bytes`, `The ${kind} cache's byte budget`, () => cache.maxBytes);
}

/**
 * GET /metrics in Prometheus format, only when METRICS_TOKEN is set and only with that bearer token.
 * Per request it costs two map lookups and two number updates in an onResponse hook (the series of a
 * route are made on its first request); the page caches' hits, misses and sizes are plain numbers on
 * the caches, read only when Prometheus scrapes. With WEB_CONCURRENCY > 1 every answer is the sum of all
 * workers' figures (see cluster-metrics.ts).
 */
export function registerMetrics(
  app: FastifyInstance,
  options: {
    token: string;
    pageCache: PageCache;
    searchCache: PageCache;
    storage: Storage;
    caches: CacheSizes;
  },
): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry }); // includes event-loop lag and GC
  const requests = new Counter({
    name: "masthead_http_requests_total",
    help: "HTTP requests answered, by route, method and status class",
    labelNames: ["route", "method", "status"],
    registers: [registry],
  });
  const duration = new Histogram({
    name: "masthead_http_request_duration_seconds",
    help: "Time from request to response, by route and method",
    labelNames: ["route", "method"],
    // Pages are answered in 1–5 ms, rendered or not: finer steps there place a percentile within half a
    // millisecond (bench:scale reads the uncached renders' p95 from them).
    buckets: [
      0.001, 0.0015, 0.002, 0.0025, 0.003, 0.004, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
    ],
    registers: [registry],
  });
  const { storage } = options;
  reportCache(registry, "masthead_page_cache", "public page", options.pageCache);
  reportCache(registry, "masthead_search_cache", "search results page", options.searchCache);
  reportCacheSizes(registry, options.caches);
  const { poolStats } = storage;
  if (poolStats) {
    new Gauge({
      name: "masthead_db_pool_connections",
      help: "PostgreSQL pool connections: total, idle, and requests waiting for one",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        const stats = poolStats();
        for (const state of ["total", "idle", "waiting"] as const) this.set({ state }, stats[state]);
      },
    });
  }
  const mails = new Counter({
    name: "masthead_mails_total",
    help: "E-mails handed to SMTP (or the log), by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });
  const voteBatchSizes = new Histogram({
    name: "masthead_vote_batch_size",
    help: "Votes per group-committed batch",
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const voteBatchSeconds = new Histogram({
    name: "masthead_vote_batch_commit_seconds",
    help: "From handing a vote batch to the writer to its commit",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: "masthead_stripe_webhooks_total",
    help: "Stripe webhook deliveries answered, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
  });

  const routes = new Map<string, Map<string, RouteSeries>>();
  const seriesOf = (route: string, method: string): RouteSeries => {
    let byMethod = routes.get(route);
    if (!byMethod) {
      byMethod = new Map();
      routes.set(route, byMethod);
    }
    let series = byMethod.get(method);
    if (!series) {
      series = {
        duration: duration.labels(route, method),
        byStatus: STATUS_CLASSES.map((status) => requests.labels(route, method, status)),
      };
      byMethod.set(method, series);
    }
    return series;
  };
  app.addHook("onResponse", (request, reply, done) => {
    // Unmatched URLs share one series, so scanners cannot create a series per path.
    const series = seriesOf(request.routeOptions.url ?? "unmatched", request.method);
    series.duration.observe(reply.elapsedTime / 1000);
    series.byStatus[Math.min(4, Math.max(0, Math.floor(reply.statusCode / 100) - 1))]?.inc();
    done();
  });

  // With workers, every one's figures, summed by the primary; the series above stay per worker.
  const metricsText = cluster.isWorker ? clusterMetricsText(registry) : () => registry.metrics();
  const expected = Buffer.from(`Bearer ${options.token}`);
  app.get("/metrics", async (request, reply) => {
    const given = Buffer.from(request.headers.authorization ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reply
        .code(401)
        .header("www-authenticate", "Bearer")
        .send({ error: { code: "UNAUTHENTICATED", message: "A bearer token is needed." } });
    }
    return reply
      .header("cache-control", "no-store")
      .type(registry.contentType)
      .send(await metricsText());
  });

  return {
    voteBatchWritten: (votes, seconds) => {
      voteBatchSizes.observe(votes);
      voteBatchSeconds.observe(seconds);
    },
    webhookAnswered: (outcome) => webhooks.inc({ outcome }),
    countingMails: (mailer) => ({
      send: async (mail) => {
        try {
          await mailer.send(mail);
          mails.inc({ outcome: "sent" });
        } catch (error) {
          mails.inc({ outcome: "failed" });
          throw error;
        }
      },
    }),
  };
}

/** Each in-process cache's bytes and entries, read at scrape time (features register as they start). */
function reportCacheSizes(registry: Registry, caches: CacheSizes): void {
  for (const [unit, help] of [
    ["bytes", "Bytes held by an in-process cache (as the cache sizes its entries), by cache"],
    ["entries", "Entries held by an in-process cache, by cache"],
  ] as const) {
    new Gauge({
      name: `masthead_cache_${unit}`,
      help,
      labelNames: ["cache"],
      registers: [registry],
      collect() {
        for (const cache of caches.list()) this.set({ cache: cache.name }, cache[unit]);
      },
    });
  }
}
