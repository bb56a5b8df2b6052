import fastifyCookie from "@fastify/cookie";
import fastifyFormbody from "@fastify/formbody";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyServerOptions, LogController } from "fastify";
import { sql } from "kysely";
import type Stripe from "stripe";
import type { Config } from "./config.js";
import type { Clock } from "./core/clock.js";
import { CacheSizes } from "./core/sized-cache.js";
import { staffArea } from "./features/admin/admin.plugin.js";
import { contentApiRoutes } from "./features/api/api.routes.js";
import { registerApiDocs } from "./features/api/api-docs.js";
import { nextPublicationReader } from "./features/articles/article.queries.js";
import { articleListRoutes } from "./features/articles/article.routes.js";
import { reviewQueuePanel } from "./features/articles/review-queue.panel.js";
import { scheduleBackups } from "./features/backup/backup.schedule.js";
import { commentsPerDay } from "./features/comments/comment.repository.js";
import { commentRoutes } from "./features/comments/comment.routes.js";
import { commentsReaderData } from "./features/comments/comment.service.js";
import { commentCountNotes } from "./features/comments/views/comment-thread.js";
import { fontAssetFiles } from "./features/design/fonts.js";
import { registerThemeStylesheet } from "./features/design/theme.routes.js";
import { donationRoutes } from "./features/donations/donate.routes.js";
import { donationSeries } from "./features/donations/donation.repository.js";
import { createStripeClient, donationsOn } from "./features/donations/stripe-client.js";
import { feedRoutes } from "./features/feeds/feed.routes.js";
import { createMailer, type Mailer } from "./features/mail/mailer.js";
import { articleMailPanel } from "./features/newsletters/article-mail.routes.js";
import { newsletterSignupsPerDay } from "./features/newsletters/newsletter.admin.service.js";
import { newsletterHomeSignup, newsletterRoutes } from "./features/newsletters/newsletter.routes.js";
import { newslettersReaderData } from "./features/newsletters/subscription.service.js";
import { readerRoutes } from "./features/readers/reader.routes.js";
import { oldQueryPermalinks, redirectLookup } from "./features/redirects/redirect.routes.js";
import { searchRoutes } from "./features/search/search.routes.js";
import { seoRoutes } from "./features/seo/seo.routes.js";
import { getSiteSecret } from "./features/settings/settings.js";
import { VOTER_COOKIE_SCHEME, voterCookieScheme } from "./features/votes/vote.api-schemas.js";
import { voteRankingRoutes } from "./features/votes/vote.rankings.routes.js";
import { votesReaderData } from "./features/votes/vote.reader-data.js";
import { votesPerDay } from "./features/votes/vote.repository.js";
import { voteRoutes } from "./features/votes/vote.routes.js";
import { API_PREFIX } from "./http/api-contract.js";
import { NO_METRICS } from "./http/app-metrics.js";
import { Assets } from "./http/assets.js";
import type { AppContext } from "./http/context.js";
import { registerErrorPages, rejectedAddressHandler } from "./http/errors.js";
import { MemoryRateLimiter, type RateLimiter } from "./http/limiter.js";
import { LoopShare } from "./http/loop-share.js";
import { registerMediaServing } from "./http/media-serving.js";
import { PageCache, type PageCacheSources } from "./http/page-cache.js";
import { registerReadiness } from "./http/readiness.js";
import { RedisRateLimiter } from "./http/redis-limiter.js";
import { requestIds } from "./http/request-id.js";
import type { Router } from "./http/schemas.js";
import { registerSecurityHeaders, SECURITY_HEADERS } from "./http/security.js";
import { validateStrictlyUnder } from "./http/strict-validation.js";
import { memoByContentVersion } from "./http/version-memo.js";
import { articlePageRoutes } from "./pages/article-page.routes.js";
import { loadSiteChrome } from "./pages/chrome.js";
import { frontPage } from "./pages/home-page.js";
import { SITE_CHECKS } from "./site-checks.js";
import { SITE_EXPORTS } from "./site-exports.js";
import type { MediaStore } from "./storage/media-store.js";
import { openMediaStore } from "./storage/media-stores.js";
import type { Storage } from "./storage/storage.js";

export interface AppDeps {
  config: Config;
  storage: Storage;
  clock: Clock;
  logger?: FastifyServerOptions["logger"];
  /** Defaults to SMTP (or the log) as configured; tests pass one that records. */
  mailer?: Mailer;
  /** Defaults to a client for `STRIPE_SECRET_KEY` (none without it); tests pass one pointed at a local server. */
  stripe?: Stripe | null;
  /** Defaults to Redis when `REDIS_URL` is set, else memory. */
  limiter?: RateLimiter;
  /** Defaults to the store the settings name (MEDIA_DIR or MEDIA_STORAGE). */
  media?: MediaStore;
  /** A server about to listen: boot what the first requests would otherwise wait for (the vote writer). */
  warmUp?: boolean;
}

/**
 * Fastify (5.8+) trusts no one when given a bare hop count, since a count cannot tell a proxy from a
 * client talking to the app directly; TRUST_PROXY=N means the operator vouches that every peer is one
 * of N proxies (the app is reachable only through them), so the count becomes a function here.
 */
function trustedProxies(setting: Config["trustProxy"]): FastifyServerOptions["trustProxy"] {
  return typeof setting === "number" ? (_address: string, hop: number) => hop < setting : setting;
}

/** Redis when `REDIS_URL` is set (limits shared by every instance), otherwise this process's memory. */
async function createRateLimiter(redisUrl: string | null, log: FastifyBaseLogger): Promise<RateLimiter> {
  if (!redisUrl) return new MemoryRateLimiter();
  return RedisRateLimiter.connect(redisUrl, new MemoryRateLimiter(), log);
}

/** The whole web application, built without listening, so tests drive it with `inject`. */
export async function buildApp(deps: AppDeps): Promise<Router> {
  const { config, storage, clock } = deps;
  const assets = new Assets(undefined, fontAssetFiles());
  const loadChrome = memoByContentVersion(storage.readContentVersion, () =>
    loadSiteChrome(storage.db, { siteUrl: config.siteUrl, donationsOn: donationsOn(config) }, assets),
  );
  const options: FastifyServerOptions = {
    logger: deps.logger ?? false,
    // Two log lines per page view would cost more than serving a cached page; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // Slugs are at most 120 characters; longer path segments are not ours.
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    // Client address, protocol and host come from X-Forwarded-* only when the peer is a trusted proxy.
    trustProxy: trustedProxies(config.trustProxy),
    genReqId: requestIds(config.trustProxy),
    frameworkErrors: rejectedAddressHandler(loadChrome, SECURITY_HEADERS),
  };
  const app = Fastify(options).withTypeProvider<TypeBoxTypeProvider>();
  const pageSources: PageCacheSources = {
    currentVersion: () => storage.readContentVersion(),
    nextChangeAt: nextPublicationReader(storage),
    now: clock,
    contentSecurityPolicy: async () => (await loadChrome()).contentSecurityPolicy,
  };
  const ctx: AppContext = {
    config,
    storage,
    clock,
    pageCache: new PageCache(pageSources, config.pageCacheBytes),
    searchCache: new PageCache(pageSources, config.searchCacheBytes),
    loadChrome,
    mailer: deps.mailer ?? createMailer(config, app.log),
    stripe: deps.stripe === undefined ? await createStripeClient(config) : deps.stripe,
    loopShare: new LoopShare(),
    limiter: deps.limiter ?? (await createRateLimiter(config.redisUrl, app.log)),
    media: deps.media ?? (await openMediaStore(config)),
    metrics: NO_METRICS,
    caches: new CacheSizes(),
  };
  ctx.caches.register("pages", ctx.pageCache);
  ctx.caches.register("search results", ctx.searchCache);
  ctx.loopShare.watch(app.server);
  if (config.metricsToken) {
    // Loaded only with a token: a site nobody scrapes never has prom-client in memory.
    const { registerMetrics } = await import("./http/metrics.js");
    // Before any route, so that its hook times every one of them.
    ctx.metrics = registerMetrics(app, {
      token: config.metricsToken,
      pageCache: ctx.pageCache,
      searchCache: ctx.searchCache,
      storage,
      caches: ctx.caches,
    });
    ctx.mailer = ctx.metrics.countingMails(ctx.mailer);
  }

  registerSecurityHeaders(app);
  // Before any route: the OpenAPI document is generated from the routes added after it, and the
  // JSON API's routes take the strict (never coercing) validator as they are added.
  await registerApiDocs(app, config.siteUrl, { [VOTER_COOKIE_SCHEME]: voterCookieScheme });
  validateStrictlyUnder(app, `${API_PREFIX}/`);
  await app.register(fastifyCookie, { secret: await getSiteSecret(storage.db) });
  await app.register(fastifyFormbody);
  registerErrorPages(app, ctx.loadChrome, redirectLookup(ctx));
  await oldQueryPermalinks(app, ctx);
  assets.register(app);
  registerThemeStylesheet(app, loadChrome);
  await registerMediaServing(app, ctx.media);
  app.get("/healthz", async (_request, reply) => {
    try {
      await storage.readContentVersion();
      return { status: "ok" };
    } catch {
      return reply.code(503).header("cache-control", "no-store").send({ status: "database unavailable" });
    }
  });

  registerReadiness(app, {
    database: async () => (await sql`select 1 as ok`.execute(storage.db)).rows.length === 1,
    limiter: () => ctx.limiter.isReachable(),
    media: () => ctx.media.isReachable(),
  });

  // The URL map, in one place. Specific prefixes first; `/:slug/` catches the rest.
  await staffArea(app, ctx, {
    dashboardSeries: [votesPerDay, commentsPerDay, donationSeries, newsletterSignupsPerDay],
    articleEditorPanels: [articleMailPanel(ctx)],
    exportParts: SITE_EXPORTS,
    dashboardPanels: [reviewQueuePanel],
  });
  await articleListRoutes(app, ctx, commentCountNotes, frontPage(storage.db, clock, newsletterHomeSignup));
  await feedRoutes(app, ctx);
  await seoRoutes(app, ctx);
  await searchRoutes(app, ctx);
  await contentApiRoutes(app, ctx);
  await voteRankingRoutes(app, ctx);
  await donationRoutes(app, ctx);
  await newsletterRoutes(app, ctx);
  await readerRoutes(app, ctx, [commentsReaderData, votesReaderData, newslettersReaderData]);
  const votes = await voteRoutes(app, ctx);
  if (deps.warmUp) app.addHook("onReady", () => votes.warmUp());
  app.addHook("onClose", async () => {
    await votes.close();
    ctx.loopShare.close();
    await ctx.limiter.close();
    ctx.media.close();
  });
  if (config.backupSchedule) {
    const site = { storage, target: config.database, media: ctx.media, checks: SITE_CHECKS };
    const schedule = { ...config.backupSchedule, dir: config.backupDir };
    const backups = scheduleBackups(site, schedule, clock, app.log);
    app.addHook("onClose", async () => backups.stop());
  }
  const comments = await commentRoutes(app, ctx);
  await articlePageRoutes(app, ctx, comments);
  return app;
}
