import cluster from "node:cluster";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { buildApp } from "./app.js";
import { type Config, ConfigError } from "./config.js";
import { systemClock } from "./core/clock.js";
import { startQuietCollector } from "./core/quiet-collector.js";
import { createSetupLinkIfNoStaff } from "./features/accounts/user.service.js";
import { seedDemoContent } from "./features/demo/demo-seed.js";
import { deliveryQueueOf } from "./features/newsletters/delivery.queue.js";
import { deliverySettings, runDeliveryWorker } from "./features/newsletters/delivery.worker.js";
import { queueDueDigests, queuePublishedStories } from "./features/newsletters/digest.service.js";
import { getSiteSecret, getSiteSettings } from "./features/settings/settings.js";
import { aggregateWorkerMetrics } from "./http/cluster-metrics.js";
import { warmUpPages } from "./pages/warm-up.js";
import { openMediaStore } from "./storage/media-stores.js";
import { migrateToLatest } from "./storage/migrations/index.js";
import { openStorage } from "./storage/storage.js";
import { superviseWorkers } from "./supervisor.js";

/** A stopping process must be gone by then: systemd and Docker wait 10 s before SIGKILL. */
export const DRAIN_DEADLINE_MS = 9_000;

/**
 * The web process: migrate and seed once, then serve from this process (WEB_CONCURRENCY=1) or from
 * that many workers sharing the port (node:cluster); each closes cleanly on SIGTERM.
 */
export async function startServer(config: Config): Promise<void> {
  if (cluster.isWorker) return void (await serve(config));
  // Before the database is opened: a second `npm start` by mistake must not migrate or seed anything.
  await ensurePortFree(config.host, config.port);
  const welcome = await prepareSite(config);
  const running = `Masthead is running at ${config.siteUrl}/ (listening on ${config.host}:${config.port}`;
  if (config.webConcurrency === 1) {
    await serve(config);
    console.log(`${running})`);
  } else {
    // A scrape lands on one worker, which asks the primary for every worker's figures.
    if (config.metricsToken) aggregateWorkerMetrics();
    await superviseWorkers(config.webConcurrency, DRAIN_DEADLINE_MS + 500);
    console.log(`${running}, ${config.webConcurrency} workers)`);
  }
  for (const line of welcome) console.log(line);
}

/** Migrates, seeds an empty site, and returns what to tell the operator about signing in. */
async function prepareSite(config: Config): Promise<string[]> {
  const media = await openMediaStore(config);
  const storage = openStorage(config.database);
  try {
    await migrateToLatest(storage);
    if (config.mediaStorage.kind === "local") mkdirSync(config.mediaDir, { recursive: true });
    if (config.demoContent) {
      const seeded = await seedDemoContent(storage.db, { media, now: systemClock() });
      if (seeded) console.log(`Seeded demo content: ${seeded.articles} articles.`);
    }
    const setupToken = await createSetupLinkIfNoStaff(storage.db, systemClock());
    if (setupToken)
      return [
        "No staff account exists yet. Create the owner account here (the link works once, for 24 hours):",
        `  ${config.siteUrl}/admin/setup/${setupToken}`,
      ];
    return [
      `Staff area: ${config.siteUrl}/admin/ (sign in with your e-mail and password;`,
      "  forgotten it? run: npx masthead reset-password --email YOU@EXAMPLE.ORG)",
    ];
  } finally {
    media.close();
    await storage.close();
  }
}

/**
 * Listens, and on SIGTERM or SIGINT drains: stops accepting, lets in-flight requests finish (a vote
 * acknowledged is committed: the vote writer flushes on close), closes the database, exits.
 */
async function serve(config: Config): Promise<void> {
  const storage = openStorage(config.database);
  const app = await buildApp({
    config,
    storage,
    clock: systemClock,
    logger: { level: config.logLevel },
    warmUp: true,
  });
  // Before the vote writer's thread starts (the warm-up starts it), which takes its own collector:
  // V8's flag that hands the collector over is the process's, so only one thread at a time may set it.
  const stopQuietCollector = startQuietCollector({
    onCollect: ({ beforeBytes, afterBytes, pauseMs }) =>
      app.log.debug({ beforeBytes, afterBytes, pauseMs }, "quiet: heap collected"),
  });
  await warmUpPages(app, storage.db, systemClock());
  // Every instance sends queued newsletters; the queue's claims keep them off each other's batches.
  const sending = new AbortController();
  const sender = deliverySettings(config, await getSiteSecret(storage.db));
  const worker = sender
    ? runDeliveryWorker(storage.db, deliveryQueueOf(storage), sender, {
        clock: systemClock,
        untilIdle: false,
        signal: sending.signal,
      }).catch((error: unknown) => app.log.error({ err: error }, "newsletter sending stopped"))
    : Promise.resolve();
  // New stories and digests are queued within a minute; every instance checks, the issue key lets one queue each.
  const digests = setInterval(async () => {
    try {
      const settings = await getSiteSettings(storage.db);
      const site = { siteUrl: config.siteUrl, siteTitle: settings.title, now: systemClock() };
      await queuePublishedStories(storage, site);
      await queueDueDigests(storage, { ...site, timeZone: settings.timeZone });
    } catch (error) {
      app.log.error({ err: error }, "queueing newsletter digests failed");
    }
  }, 60_000);
  const drain = async () => {
    setTimeout(() => {
      console.error(`masthead: still draining after ${DRAIN_DEADLINE_MS / 1000} s; exiting now`);
      process.exit(1);
    }, DRAIN_DEADLINE_MS).unref();
    clearInterval(digests);
    stopQuietCollector();
    sending.abort();
    await worker;
    await app.close();
    await storage.close();
    process.exit(0);
  };
  process.once("SIGINT", drain);
  process.once("SIGTERM", drain);
  await app.listen({ port: config.port, host: config.host });
}

/** Fails with one line when something already listens on host:port. */
async function ensurePortFree(host: string, port: number): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE")
        reject(
          new ConfigError(`Port ${port} on ${host} is already in use; stop what runs there or set PORT.`),
        );
      else if (error.code === "EACCES")
        reject(
          new ConfigError(`Port ${port} on ${host} needs privileges this user lacks; set PORT above 1023.`),
        );
      else reject(error);
    });
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()));
  });
}
