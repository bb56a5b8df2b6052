import { mkdirSync } from "node:fs";
import { buildApp } from "./app.js";
import type { Config } from "./config.js";
import { systemClock } from "./core/clock.js";
import { createSetupLinkIfNoStaff } from "./features/accounts/user.service.js";
import { seedDemoContent } from "./features/demo/demo-seed.js";
import { deliverySettings, runDeliveryWorker } from "./features/newsletters/delivery.worker.js";
import { queueDueDigests, queuePublishedStories } from "./features/newsletters/digest.service.js";
import { getSiteSecret, getSiteSettings } from "./features/settings/settings.js";
import { migrateToLatest } from "./storage/migrations/index.js";
import { openStorage } from "./storage/storage.js";

/** The web process: migrate, seed an empty site, listen, and close cleanly on a signal. */
export async function startServer(config: Config): Promise<void> {
  const storage = openStorage(config.database);
  await migrateToLatest(storage);
  mkdirSync(config.mediaDir, { recursive: true });
  if (config.demoContent) {
    const seeded = await seedDemoContent(storage.db, { mediaDir: config.mediaDir, now: systemClock() });
    if (seeded) console.log(`Seeded demo content: ${seeded.articles} articles.`);
  }
  const app = await buildApp({ config, storage, clock: systemClock, logger: { level: config.logLevel } });
  // Every instance sends queued newsletters; the queue's claims keep them off each other's batches.
  const sending = new AbortController();
  const sender = deliverySettings(config, await getSiteSecret(storage.db));
  const worker = sender
    ? runDeliveryWorker(storage.db, sender, {
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
      await queuePublishedStories(storage.db, site);
      await queueDueDigests(storage.db, { ...site, timeZone: settings.timeZone });
    } catch (error) {
      app.log.error({ err: error }, "queueing newsletter digests failed");
    }
  }, 60_000);
  const close = async () => {
    clearInterval(digests);
    sending.abort();
    await worker;
    await app.close();
    await storage.close();
    process.exit(0);
  };
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
  await app.listen({ port: config.port, host: config.host });
  console.log(`Masthead is running at ${config.siteUrl}/ (listening on ${config.host}:${config.port})`);
  const setupToken = await createSetupLinkIfNoStaff(storage.db, systemClock());
  if (setupToken) {
    console.log(
      "No staff account exists yet. Create the owner account here (the link works once, for 24 hours):",
    );
    console.log(`  ${config.siteUrl}/admin/setup/${setupToken}`);
  } else {
    console.log(`Staff area: ${config.siteUrl}/admin/ (sign in with your e-mail and password;`);
    console.log("  forgotten it? run: npx masthead reset-password --email YOU@EXAMPLE.ORG)");
  }
}
